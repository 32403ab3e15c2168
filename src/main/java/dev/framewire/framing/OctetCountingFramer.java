package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;

/**
 * {@code octet-counting} (RFC 6587, section 3.4.1): {@code MSG-LEN SP SYSLOG-MSG}, where
 * {@code MSG-LEN = NONZERO-DIGIT *DIGIT} is the message length in decimal; the frame is the message.
 *
 * <pre>
 * BEFORE (12 bytes: "5 hello3 123")           AFTER (2 frames)
 * +-----+----+-------+-----+----+-----+        +-------+ +-----+
 * | "5" | SP | hello | "3" | SP | 123 | -----&gt; | hello | | 123 |
 * +-----+----+-------+-----+----+-----+        +-------+ +-----+
 * (nothing separates the frames: the count alone says where each message ends)
 * </pre>
 *
 * <p>The count is corrupt (fatal) if it is empty, starts with {@code 0} (a lone {@code "0"} too: RFC
 * 6587 has no empty messages), contains anything but ASCII digits, or is longer than 8 digits (also
 * reported once 9 bytes have arrived with no space). A partial count at end of stream is dropped
 * like any partial frame. The length is checked against {@code maxLength} as soon as the space
 * arrives, before any message byte is kept.
 *
 * <p>The encoder writes {@code <length> SP <payload>}; it refuses an empty payload
 * ({@link UnframeableReplyException}: the count cannot be 0) and one longer than {@code maxLength}.
 */
final class OctetCountingFramer extends AnnouncedLengthFramer {
  static final int MAX_DIGITS = 8;
  private static final Buffer SPACE = Buffer.buffer(new byte[] {' '});
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000,
      10_000_000, 100_000_000, 1_000_000_000};

  OctetCountingFramer(int maxLength, OversizePolicy onOversize, FrameSink sink) {
    super(maxLength, onOversize, sink);
    headerMode();
  }

  @Override
  void headerMode() {
    parser.delimitedMode(SPACE);
  }

  @Override
  int headerBytes(Buffer header) {
    return header.length() + 1;
  }

  @Override
  long bodyLength(Buffer header) {
    int digits = header.length();
    if (digits == 0) {
      corrupt("octet-counting: empty octet count (a space where the count should start)");
      return -1;
    }
    if (digits > MAX_DIGITS) {
      corrupt(tooManyDigits());
      return -1;
    }
    long length = 0;
    for (int i = 0; i < digits; i++) {
      byte b = header.getByte(i);
      if (b < '0' || b > '9') {
        corrupt(String.format("octet-counting: octet count has a non-digit byte 0x%02x at offset %d",
            b & 0xFF, i));
        return -1;
      }
      if (i == 0 && b == '0') {
        corrupt("octet-counting: octet count starts with 0");
        return -1;
      }
      length = length * 10 + (b - '0');
    }
    return length;
  }

  @Override
  void checkPartialHeader() {
    // Chunking-independent: a count of 9+ bytes is too long whatever those bytes are.
    if (pending > MAX_DIGITS) {
      corrupt(tooManyDigits());
    }
  }

  private static String tooManyDigits() {
    return "octet-counting: no space after " + MAX_DIGITS + " bytes of octet count (at most "
        + MAX_DIGITS + " digits)";
  }

  static FrameEncoder encoder(int maxLength) {
    return (payload, out) -> {
      int length = payload.length();
      if (length == 0) {
        throw new UnframeableReplyException(
            "octet-counting cannot frame an empty reply (RFC 6587 counts start with 1-9)");
      }
      checkReplyLength(length, maxLength);
      int digits = 1;
      while (digits < POWERS_OF_TEN.length && length >= POWERS_OF_TEN[digits]) {
        digits++;
      }
      for (int d = digits - 1; d >= 0; d--) {
        out.appendByte((byte) ('0' + length / POWERS_OF_TEN[d] % 10));
      }
      out.appendByte((byte) ' ').appendBuffer(payload);
    };
  }
}
