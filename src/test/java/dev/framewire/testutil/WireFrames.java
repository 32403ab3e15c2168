package dev.framewire.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds and reads frames on the wire, independently of the framers under test, so that a test
 * states the exact bytes it sends and expects: big-endian {@code length-prefixed} frames and
 * RFC 6587 {@code octet-counting} frames.
 */
public final class WireFrames {
  private WireFrames() {}

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A big-endian length header of {@code headerBytes} (1, 2, 4 or 8) counting {@code length}. */
  public static byte[] lengthHeader(int headerBytes, long length) {
    ByteBuffer header = ByteBuffer.allocate(8).putLong(length);
    byte[] out = new byte[headerBytes];
    System.arraycopy(header.array(), 8 - headerBytes, out, 0, headerBytes);
    return out;
  }

  /** {@code body} behind a big-endian header of {@code headerBytes} counting the body only. */
  public static byte[] lengthPrefixed(int headerBytes, byte[] body) {
    return concat(lengthHeader(headerBytes, body.length), body);
  }

  public static byte[] lengthPrefixed(int headerBytes, String body) {
    return lengthPrefixed(headerBytes, utf8(body));
  }

  /** {@code <length> SP <body>}. */
  public static byte[] octetCounted(byte[] body) {
    return concat(utf8(body.length + " "), body);
  }

  public static byte[] octetCounted(String body) {
    return octetCounted(utf8(body));
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** {@code length} bytes repeating {@code pattern} (cut where the length ends). */
  public static byte[] repeat(byte[] pattern, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = pattern[i % pattern.length];
    }
    return out;
  }

  /** Reads one big-endian length-prefixed frame's body. */
  public static byte[] readLengthPrefixed(TcpClient client, int headerBytes) {
    byte[] header = client.read(headerBytes);
    if (header.length < headerBytes) {
      throw new AssertionError("connection ended inside a length header");
    }
    long length = 0;
    for (byte b : header) {
      length = (length << 8) | (b & 0xFF);
    }
    return client.read(Math.toIntExact(length));
  }

  public static String readLengthPrefixedText(TcpClient client, int headerBytes) {
    return new String(readLengthPrefixed(client, headerBytes), StandardCharsets.UTF_8);
  }

  /** Reads one octet-counted frame's message as text. */
  public static String readOctetCounted(TcpClient client) {
    int length = 0;
    for (int digits = 0; ; digits++) {
      byte[] b = client.read(1);
      if (b.length == 0) {
        throw new AssertionError("connection ended inside an octet count");
      }
      if (b[0] == ' ') {
        break;
      }
      if (b[0] < '0' || b[0] > '9' || digits == 8) {
        throw new AssertionError("not an octet count: byte " + (b[0] & 0xFF));
      }
      length = length * 10 + (b[0] - '0');
    }
    return new String(client.read(length), StandardCharsets.UTF_8);
  }
}
