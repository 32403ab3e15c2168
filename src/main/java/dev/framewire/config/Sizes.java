package dev.framewire.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as written in configuration: a non-negative integer, optionally followed (no space) by
 * a binary unit.
 *
 * <pre>
 * "65536"  65536 bytes          "512B"  512 bytes
 * "64KiB"  65536 bytes          "1MiB"  1048576 bytes          "1GiB"  1073741824 bytes
 * </pre>
 *
 * In JSON a size may also be a plain integer ({@code "maxLength": 65536}).
 */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})(B|KiB|MiB|GiB)?");

  private Sizes() {
  }

  /**
   * Parses {@code "65536"}, {@code "512B"}, {@code "64KiB"}, {@code "1MiB"} or {@code "1GiB"}.
   *
   * @return the size in bytes
   * @throws IllegalArgumentException on anything else (negative, fractional, {@code "64KB"},
   *     spaces, too large)
   */
  public static long parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size like 65536, 64KiB or 1MiB: \"" + text + "\"");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    int shift = switch (unit) {
      case "KiB" -> 10;
      case "MiB" -> 20;
      case "GiB" -> 30;
      default -> 0;
    };
    if (amount > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("size too large: \"" + text + "\"");
    }
    return amount << shift;
  }
}
