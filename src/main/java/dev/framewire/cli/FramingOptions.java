package dev.framewire.cli;

import dev.framewire.config.Escapes;
import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.Protocol;
import dev.framewire.config.Sizes;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The framing options of the commands that talk to a listener ({@code client}, {@code bench}),
 * named as a listener's {@code framing} is configured. A picocli mixin.
 */
final class FramingOptions {
  @Option(names = "--framing", paramLabel = "TYPE",
      description = "raw, lines, delimited, fixed, length-prefixed, octet-counting (tcp://; "
          + "default lines) or datagram (udp://, the default there); as the listener's framing.type")
  String framing;

  @Option(names = "--delimiter", paramLabel = "BYTES",
      description = "delimited (default \\n), datagram (optional: splits reply datagrams). "
          + "Escapes \\n \\r \\t \\0 \\\\ \\xHH \\uHHHH, e.g. '\\r\\n'")
  String delimiter;

  @Option(names = "--header-bytes", paramLabel = "N", description = "length-prefixed: 1, 2, 4 or 8 (default 4)")
  Integer headerBytes;

  @Option(names = "--byte-order", paramLabel = "ORDER", description = "length-prefixed: big (default) or little")
  String byteOrder;

  @Option(names = "--length-includes-header", description = "length-prefixed: the length counts the header too")
  Boolean lengthIncludesHeader;

  @Option(names = "--max-length", paramLabel = "SIZE", defaultValue = "64KiB",
      description = "Longest frame either way (default ${DEFAULT-VALUE}); client: a longer reply is printed truncated")
  String maxLength;

  /** {@code --framing fixed} was given. */
  boolean isFixed() {
    return FramingType.FIXED.json().equals(framing);
  }

  /**
   * The framing the options describe, checked as {@code framing} in a listener's config is;
   * {@code size} is the frame size of {@code fixed} (the command's own option), or null.
   */
  FramingConfig config(Protocol protocol, Integer size) {
    FramingType type = framing == null
        ? (protocol == Protocol.UDP ? FramingType.DATAGRAM : FramingType.LINES)
        : Arrays.stream(FramingType.values()).filter(t -> t.json().equals(framing)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("--framing must be one of "
                + Arrays.stream(FramingType.values()).map(FramingType::json).collect(Collectors.joining(", "))
                + " (was \"" + framing + "\")"));
    if (protocol == Protocol.UDP && type != FramingType.DATAGRAM) {
      throw new IllegalArgumentException("udp:// sends one datagram per frame: --framing must be datagram (was "
          + type.json() + ")");
    }
    if (protocol == Protocol.TCP && type == FramingType.DATAGRAM) {
      throw new IllegalArgumentException("--framing datagram is for udp:// only");
    }
    onlyFor(delimiter, "--delimiter", type, FramingType.DELIMITED, FramingType.DATAGRAM);
    onlyFor(headerBytes, "--header-bytes", type, FramingType.LENGTH_PREFIXED);
    onlyFor(byteOrder, "--byte-order", type, FramingType.LENGTH_PREFIXED);
    onlyFor(lengthIncludesHeader, "--length-includes-header", type, FramingType.LENGTH_PREFIXED);

    long max;
    try {
      max = Sizes.parse(maxLength);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--max-length: " + e.getMessage());
    }
    if (max < 1 || max > FramingConfig.MAX_MAX_LENGTH) {
      throw new IllegalArgumentException("--max-length must be 1.." + FramingConfig.MAX_MAX_LENGTH
          + " bytes (was " + maxLength + ")");
    }
    FramingConfig config = FramingConfig.of(type).withMaxLength((int) max);
    if (delimiter != null) {
      byte[] bytes;
      try {
        bytes = Escapes.decode(delimiter);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--delimiter: " + e.getMessage());
      }
      if (bytes.length < 1 || bytes.length > FramingConfig.MAX_DELIMITER_LENGTH) {
        throw new IllegalArgumentException("--delimiter must be 1.." + FramingConfig.MAX_DELIMITER_LENGTH
            + " bytes (was " + bytes.length + ")");
      }
      config = config.withDelimiter(bytes);
    }
    if (type == FramingType.FIXED) {
      if (size == null) {
        throw new IllegalArgumentException("--framing fixed needs --size");
      }
      if (size < 1 || size > max) {
        throw new IllegalArgumentException("--size must be 1.." + max + " (was " + size + ")");
      }
      config = config.withSize(size);
    }
    if (type == FramingType.LENGTH_PREFIXED) {
      int header = headerBytes == null ? FramingConfig.DEFAULT_HEADER_BYTES : headerBytes;
      if (header != 1 && header != 2 && header != 4 && header != 8) {
        throw new IllegalArgumentException("--header-bytes must be 1, 2, 4 or 8 (was " + header + ")");
      }
      ByteOrder order = byteOrder == null ? FramingConfig.DEFAULT_BYTE_ORDER : switch (byteOrder) {
        case "big" -> ByteOrder.BIG_ENDIAN;
        case "little" -> ByteOrder.LITTLE_ENDIAN;
        default -> throw new IllegalArgumentException("--byte-order must be big or little (was " + byteOrder + ")");
      };
      config = config.withHeader(header, order,
          lengthIncludesHeader == null ? FramingConfig.DEFAULT_LENGTH_INCLUDES_HEADER : lengthIncludesHeader);
    }
    return config;
  }

  private static void onlyFor(Object value, String option, FramingType type, FramingType... types) {
    if (value != null && !Arrays.asList(types).contains(type)) {
      throw new IllegalArgumentException(option + " applies to --framing "
          + Arrays.stream(types).map(FramingType::json).collect(Collectors.joining(" or "))
          + " only (framing is " + type.json() + ")");
    }
  }
}
