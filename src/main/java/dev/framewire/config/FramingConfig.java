package dev.framewire.config;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a listener cuts its byte stream into frames and writes replies back.
 *
 * <p>Resolved values: every accessor returns the effective value (its default when the JSON did not
 * set it). Keys that do not apply to {@link #type()} are rejected by validation; for types they do
 * not apply to, the components hold the values {@link #of(FramingType)} gives (size 0, 4-byte
 * big-endian header, no delimiter except for {@code delimited} and {@code lines}).
 *
 * <pre>
 * "framing": {"type": "lines", "maxLength": "8KiB"}
 * "framing": {"type": "delimited", "delimiter": "\\r\\n"}
 * "framing": {"type": "fixed", "size": 16}
 * "framing": {"type": "length-prefixed", "headerBytes": 2, "byteOrder": "little"}
 * "framing": "octet-counting"                      (short for {"type": "octet-counting"})
 * </pre>
 *
 * <p>Immutable: the delimiter array is copied in and out. {@code equals}, {@code hashCode} and
 * {@code toString} compare and show the delimiter's content.
 *
 * @param type framing family; default {@code raw} for TCP, {@code datagram} for UDP
 * @param maxLength largest frame in bytes, 1..{@link #MAX_MAX_LENGTH}; default
 *     {@link #DEFAULT_MAX_LENGTH}. JSON: an integer or a size such as {@code "64KiB"}
 * @param delimiter delimiter bytes (escapes decoded, 1..{@link #MAX_DELIMITER_LENGTH} bytes), for
 *     {@code delimited} (default {@code \n}), {@code lines} (always {@code \n}) and optionally
 *     {@code datagram} (null = whole datagram); null for the other types
 * @param size frame size in bytes for {@code fixed} (required there, 1..maxLength); 0 otherwise
 * @param headerBytes 1, 2, 4 or 8 for {@code length-prefixed}; default {@link #DEFAULT_HEADER_BYTES}
 * @param byteOrder header byte order for {@code length-prefixed} ({@code "big"} or {@code "little"});
 *     default {@link #DEFAULT_BYTE_ORDER}
 * @param lengthIncludesHeader whether the length counts the header too; default false
 */
public record FramingConfig(
    FramingType type,
    int maxLength,
    byte[] delimiter,
    int size,
    int headerBytes,
    ByteOrder byteOrder,
    boolean lengthIncludesHeader) {

  /** Default {@code maxLength}: 64 KiB (65536 bytes). */
  public static final int DEFAULT_MAX_LENGTH = 64 * 1024;
  /** Upper bound for {@code maxLength}: 16 MiB (16777216 bytes). */
  public static final int MAX_MAX_LENGTH = 16 * 1024 * 1024;
  /** Default length header size, in bytes. */
  public static final int DEFAULT_HEADER_BYTES = 4;
  /** Default length header byte order (network order). */
  public static final ByteOrder DEFAULT_BYTE_ORDER = ByteOrder.BIG_ENDIAN;
  /** Default {@code lengthIncludesHeader}. */
  public static final boolean DEFAULT_LENGTH_INCLUDES_HEADER = false;
  /** Longest delimiter, in bytes. */
  public static final int MAX_DELIMITER_LENGTH = 16;

  public FramingConfig {
    Objects.requireNonNull(type, "type");
    delimiter = delimiter == null ? null : delimiter.clone();
  }

  /** Convenience for code and tests: a framing of this type with every other value at its default. */
  public static FramingConfig of(FramingType type) {
    byte[] delimiter = switch (type) {
      case DELIMITED, LINES -> new byte[] {'\n'};
      default -> null;
    };
    return new FramingConfig(type, DEFAULT_MAX_LENGTH, delimiter, 0, DEFAULT_HEADER_BYTES,
        DEFAULT_BYTE_ORDER, DEFAULT_LENGTH_INCLUDES_HEADER);
  }

  /** The delimiter bytes (a copy), or null. */
  @Override
  public byte[] delimiter() {
    return delimiter == null ? null : delimiter.clone();
  }

  public FramingConfig withMaxLength(int maxLength) {
    return new FramingConfig(type, maxLength, delimiter, size, headerBytes, byteOrder, lengthIncludesHeader);
  }

  public FramingConfig withDelimiter(byte[] delimiter) {
    return new FramingConfig(type, maxLength, delimiter, size, headerBytes, byteOrder, lengthIncludesHeader);
  }

  public FramingConfig withSize(int size) {
    return new FramingConfig(type, maxLength, delimiter, size, headerBytes, byteOrder, lengthIncludesHeader);
  }

  public FramingConfig withHeader(int headerBytes, ByteOrder byteOrder, boolean lengthIncludesHeader) {
    return new FramingConfig(type, maxLength, delimiter, size, headerBytes, byteOrder, lengthIncludesHeader);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FramingConfig f
        && type == f.type
        && maxLength == f.maxLength
        && Arrays.equals(delimiter, f.delimiter)
        && size == f.size
        && headerBytes == f.headerBytes
        && Objects.equals(byteOrder, f.byteOrder)
        && lengthIncludesHeader == f.lengthIncludesHeader;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, maxLength, Arrays.hashCode(delimiter), size, headerBytes, byteOrder,
        lengthIncludesHeader);
  }

  /** e.g. {@code FramingConfig[type=DELIMITED, maxLength=65536, delimiter=0d0a, ...]}. */
  @Override
  public String toString() {
    return "FramingConfig[type=" + type + ", maxLength=" + maxLength
        + ", delimiter=" + (delimiter == null ? "null" : HexFormat.of().formatHex(delimiter))
        + ", size=" + size + ", headerBytes=" + headerBytes + ", byteOrder=" + byteOrder
        + ", lengthIncludesHeader=" + lengthIncludesHeader + "]";
  }
}
