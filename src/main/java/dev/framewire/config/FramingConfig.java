package dev.framewire.config;

import java.nio.ByteOrder;

/**
 * How a listener cuts its byte stream into frames and writes replies back.
 *
 * <p>Resolved values: every accessor returns the effective value (its default when the JSON did not
 * set it). Keys that do not apply to {@link #type()} are rejected by validation.
 *
 * @param type framing family
 * @param maxLength largest frame in bytes, 1..16 MiB; default {@link #DEFAULT_MAX_LENGTH}
 * @param delimiter delimiter bytes (escapes decoded), for {@code delimited} (default {@code \n}) and
 *     optionally {@code datagram} (null = whole datagram)
 * @param size frame size in bytes for {@code fixed}
 * @param headerBytes 1, 2, 4 or 8 for {@code length-prefixed}; default 4
 * @param byteOrder header byte order for {@code length-prefixed}; default big-endian
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

  /** Default {@code maxLength}: 64 KiB. */
  public static final int DEFAULT_MAX_LENGTH = 64 * 1024;
  /** Upper bound for {@code maxLength}: 16 MiB. */
  public static final int MAX_MAX_LENGTH = 16 * 1024 * 1024;
  public static final int DEFAULT_HEADER_BYTES = 4;

  /** Convenience for code and tests: a framing of this type with every other value at its default. */
  public static FramingConfig of(FramingType type) {
    byte[] delimiter = switch (type) {
      case DELIMITED, LINES -> new byte[] {'\n'};
      default -> null;
    };
    return new FramingConfig(type, DEFAULT_MAX_LENGTH, delimiter, 0, DEFAULT_HEADER_BYTES,
        ByteOrder.BIG_ENDIAN, false);
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
}
