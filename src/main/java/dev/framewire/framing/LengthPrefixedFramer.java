package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteOrder;

/**
 * {@code length-prefixed}: a 1, 2, 4 or 8 byte length header, then that many bytes; the frame is
 * the bytes after the header.
 *
 * <p>2-byte big-endian header, length counts the body only ({@code 0x000C} = 12):
 * <pre>
 * BEFORE (14 bytes)                      AFTER (12 bytes)
 * +--------+----------------+            +----------------+
 * | Length | Actual Content |  -----&gt;    | Actual Content |
 * | 0x000C | "HELLO, WORLD" |            | "HELLO, WORLD" |
 * +--------+----------------+            +----------------+
 * </pre>
 *
 * <p>Same with {@code lengthIncludesHeader}: the header counts itself ({@code 0x000E} = 2 + 12):
 * <pre>
 * BEFORE (14 bytes)                      AFTER (12 bytes)
 * +--------+----------------+            +----------------+
 * | Length | Actual Content |  -----&gt;    | Actual Content |
 * | 0x000E | "HELLO, WORLD" |            | "HELLO, WORLD" |
 * +--------+----------------+            +----------------+
 * </pre>
 *
 * <p>1, 2 and 4 byte headers are unsigned; an 8-byte header with the high bit set (a negative
 * {@code long}) is corrupt, and so is a length smaller than the header it claims to include: both
 * are fatal. A zero body length is an empty frame. The body length (header excluded) is checked
 * against {@code maxLength} as soon as the header is read, before any body byte is kept; an
 * oversize frame's {@link FrameTooLongException#length()} is that body length.
 *
 * <p>The encoder writes the header, then the payload; it throws {@link FrameTooLongException} for a
 * payload longer than {@code maxLength} or than the header can count (255 bytes for a 1-byte
 * header, 65535 for 2 bytes; minus the header size when it includes itself).
 */
final class LengthPrefixedFramer extends AnnouncedLengthFramer {
  private final int headerBytes;
  private final boolean bigEndian;
  private final boolean includesHeader;

  LengthPrefixedFramer(int headerBytes, ByteOrder byteOrder, boolean includesHeader, int maxLength,
      OversizePolicy onOversize, FrameSink sink) {
    super(maxLength, onOversize, sink);
    checkHeaderBytes(headerBytes);
    this.headerBytes = headerBytes;
    this.bigEndian = byteOrder == ByteOrder.BIG_ENDIAN;
    this.includesHeader = includesHeader;
    headerMode();
  }

  private static void checkHeaderBytes(int headerBytes) {
    if (headerBytes != 1 && headerBytes != 2 && headerBytes != 4 && headerBytes != 8) {
      throw new IllegalArgumentException("headerBytes must be 1, 2, 4 or 8, was " + headerBytes);
    }
  }

  @Override
  void headerMode() {
    parser.fixedSizeMode(headerBytes);
  }

  @Override
  int headerBytes(Buffer header) {
    return headerBytes;
  }

  @Override
  long bodyLength(Buffer header) {
    long length = switch (headerBytes) {
      case 1 -> header.getUnsignedByte(0);
      case 2 -> bigEndian ? header.getUnsignedShort(0) : header.getUnsignedShortLE(0);
      case 4 -> bigEndian ? header.getUnsignedInt(0) : header.getUnsignedIntLE(0);
      default -> bigEndian ? header.getLong(0) : header.getLongLE(0);
    };
    if (length < 0) {
      corrupt("length-prefixed: negative length " + length + " in the 8-byte header");
      return -1;
    }
    if (includesHeader) {
      if (length < headerBytes) {
        corrupt("length-prefixed: length " + length + " is shorter than the " + headerBytes
            + "-byte header it includes");
        return -1;
      }
      length -= headerBytes;
    }
    return length;
  }

  static FrameEncoder encoder(int headerBytes, ByteOrder byteOrder, boolean includesHeader,
      int maxLength) {
    checkHeaderBytes(headerBytes);
    boolean bigEndian = byteOrder == ByteOrder.BIG_ENDIAN;
    long countable = (headerBytes == 8 ? Long.MAX_VALUE : (1L << (8 * headerBytes)) - 1)
        - (includesHeader ? headerBytes : 0);
    return (payload, out) -> {
      int length = payload.length();
      checkReplyLength(length, maxLength);
      if (length > countable) {
        throw new FrameTooLongException("reply of " + length + " bytes does not fit a "
            + headerBytes + "-byte length header (at most " + countable + ")", length, countable);
      }
      long value = includesHeader ? length + headerBytes : length;
      switch (headerBytes) {
        case 1 -> out.appendUnsignedByte((short) value);
        case 2 -> {
          if (bigEndian) {
            out.appendUnsignedShort((int) value);
          } else {
            out.appendUnsignedShortLE((int) value);
          }
        }
        case 4 -> {
          if (bigEndian) {
            out.appendUnsignedInt(value);
          } else {
            out.appendUnsignedIntLE(value);
          }
        }
        default -> {
          if (bigEndian) {
            out.appendLong(value);
          } else {
            out.appendLongLE(value);
          }
        }
      }
      out.appendBuffer(payload);
    };
  }
}
