package dev.framewire.config;

import static dev.framewire.config.ConfigValues.orDefault;
import static dev.framewire.config.ConfigValues.quote;

import java.nio.ByteOrder;

/** A listener's {@code framing} section: the type, its limit, and the keys that only one type uses. */
final class FramingValidator extends SectionValidator {
  FramingValidator(ConfigValues values) {
    super(values);
  }

  /**
   * @param f the section, or null for the protocol's default framing
   * @param protocol the listener's, or null if it is invalid
   * @return the resolved section, or null if its type is invalid
   */
  FramingConfig framing(ConfigSpec.Framing f, String p, Protocol protocol) {
    if (f == null) {
      f = ConfigSpec.Framing.ofType(null);
    }
    FramingType type = f.type() == null
        ? (protocol == Protocol.UDP ? FramingType.DATAGRAM : FramingType.RAW)
        : values.choice(f.type(), p + ".type", FramingType.values(), FramingType::json);
    if (protocol == Protocol.UDP && type != null && type != FramingType.DATAGRAM) {
      errors.add(p + ".type", "udp listeners frame each datagram: use \"datagram\" (was " + quote(f.type()) + ")");
    } else if (protocol == Protocol.TCP && type == FramingType.DATAGRAM) {
      errors.add(p + ".type", "\"datagram\" is only for udp listeners");
    }
    int maxLength = orDefault(values.size(f.maxLength(), p + ".maxLength", 1, FramingConfig.MAX_MAX_LENGTH),
        FramingConfig.DEFAULT_MAX_LENGTH);
    if (type == null) {
      return null;
    }
    boolean delimited = type == FramingType.DELIMITED || type == FramingType.DATAGRAM;
    boolean fixed = type == FramingType.FIXED;
    boolean lengthPrefixed = type == FramingType.LENGTH_PREFIXED;
    String notUsed = "not used by framing type " + type.json();
    if (!delimited && f.delimiter() != null) {
      errors.add(p + ".delimiter", notUsed);
    }
    if (!fixed && f.size() != null) {
      errors.add(p + ".size", notUsed);
    }
    if (!lengthPrefixed) {
      if (f.headerBytes() != null) {
        errors.add(p + ".headerBytes", notUsed);
      }
      if (f.byteOrder() != null) {
        errors.add(p + ".byteOrder", notUsed);
      }
      if (f.lengthIncludesHeader() != null) {
        errors.add(p + ".lengthIncludesHeader", notUsed);
      }
    }

    FramingConfig framing = FramingConfig.of(type).withMaxLength(maxLength);
    if (delimited && f.delimiter() != null) {
      framing = framing.withDelimiter(delimiter(f.delimiter(), p + ".delimiter"));
    }
    if (fixed) {
      Integer size = f.size() == null
          ? values.missing(p + ".size", "required for framing type fixed")
          : values.integer(f.size(), p + ".size", 1, maxLength);
      framing = framing.withSize(orDefault(size, 1));
    }
    if (lengthPrefixed) {
      int headerBytes = FramingConfig.DEFAULT_HEADER_BYTES;
      if (f.headerBytes() != null) {
        long h = f.headerBytes();
        if (h == 1 || h == 2 || h == 4 || h == 8) {
          headerBytes = (int) h;
        } else {
          errors.add(p + ".headerBytes", "must be one of 1, 2, 4, 8 (was " + h + ")");
        }
      }
      ByteOrder byteOrder = FramingConfig.DEFAULT_BYTE_ORDER;
      if (f.byteOrder() != null) {
        switch (f.byteOrder()) {
          case "big" -> byteOrder = ByteOrder.BIG_ENDIAN;
          case "little" -> byteOrder = ByteOrder.LITTLE_ENDIAN;
          default -> errors.add(p + ".byteOrder", "must be one of big, little (was " + quote(f.byteOrder()) + ")");
        }
      }
      framing = framing.withHeader(headerBytes, byteOrder,
          orDefault(f.lengthIncludesHeader(), FramingConfig.DEFAULT_LENGTH_INCLUDES_HEADER));
    }
    return framing;
  }

  private byte[] delimiter(String text, String path) {
    byte[] bytes;
    try {
      bytes = Escapes.decode(text);
    } catch (IllegalArgumentException e) {
      errors.add(path, e.getMessage() + " (was " + quote(text) + ")");
      return null;
    }
    if (bytes.length < 1 || bytes.length > FramingConfig.MAX_DELIMITER_LENGTH) {
      errors.add(path, "must be between 1 and " + FramingConfig.MAX_DELIMITER_LENGTH
          + " bytes (was " + quote(text) + ", " + bytes.length + " bytes)");
      return null;
    }
    return bytes;
  }
}
