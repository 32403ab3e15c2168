package dev.framewire.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in configuration: a non-negative integer and a unit, with no space.
 *
 * <pre>
 * "250ms"  250 milliseconds      "30s"  30 seconds
 * "5m"     5 minutes             "1h"   1 hour
 * "0"      zero (the only value allowed without a unit)
 * </pre>
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h)");

  private Durations() {
  }

  /**
   * Parses {@code "250ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"} or {@code "0"}.
   *
   * @throws IllegalArgumentException if {@code text} is anything else (negative, fractional, a
   *     bare number other than 0, an unknown unit, spaces, too large)
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration like 250ms, 30s or 5m: \"" + text + "\"");
    }
    long amount = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration too large: \"" + text + "\"", e);
    }
  }

  /**
   * Formats a duration in the largest unit that represents it exactly, so that
   * {@code parse(format(d)).equals(d)}: {@code 3600s → "1h"}, {@code 90s → "90s"},
   * {@code 1500ms → "1500ms"}, {@code 0 → "0"}. Durations that are negative or not a whole number
   * of milliseconds cannot be written in configuration; they are formatted as
   * {@link Duration#toString()} ({@code "PT0.0005S"}).
   */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isZero()) {
      return "0";
    }
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    long seconds = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toMillis() + "ms";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
