package dev.framewire.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks and parsers that every section shares: required and only-for keys, names, enums,
 * integer ranges, sizes, durations, files and IP literals. Each one records what is wrong at the
 * path it is given and returns null for a value that is absent or invalid.
 */
final class ConfigValues {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private final Errors errors;

  ConfigValues(Errors errors) {
    this.errors = errors;
  }

  Errors errors() {
    return errors;
  }

  void onlyFor(Object value, String path, String what) {
    if (value != null) {
      errors.add(path, "only for " + what);
    }
  }

  void onlyWithout(Object value, String path, String message) {
    if (value != null) {
      errors.add(path, message);
    }
  }

  void onlyWith(Object value, String path, String other) {
    if (value != null) {
      errors.add(path, "only with " + other);
    }
  }

  <T> T missing(String path) {
    return missing(path, "required");
  }

  <T> T missing(String path, String message) {
    errors.add(path, message);
    return null;
  }

  String required(String value, String path) {
    return value == null ? missing(path) : value;
  }

  String nonEmpty(String value, String path) {
    if (value != null && value.isBlank()) {
      errors.add(path, "must not be empty");
      return null;
    }
    return value;
  }

  /** Whether {@code name} matches {@link #NAME}; if not, an error is recorded. */
  boolean name(String name, String path) {
    if (NAME.matcher(name).matches()) {
      return true;
    }
    errors.add(path, "must match " + NAME.pattern() + " (was " + quote(name) + ")");
    return false;
  }

  <E> E choice(String value, String path, E[] values, Function<E, String> json) {
    for (E e : values) {
      if (json.apply(e).equals(value)) {
        return e;
      }
    }
    errors.add(path, "must be one of "
        + Arrays.stream(values).map(json).collect(Collectors.joining(", "))
        + " (was " + quote(value) + ")");
    return null;
  }

  /** null if absent or out of range (then an error is recorded). */
  Integer integer(Long value, String path, long min, long max) {
    if (value == null) {
      return null;
    }
    if (value < min || value > max) {
      errors.add(path, "must be between " + min + " and " + max + " (was " + value + ")");
      return null;
    }
    return value.intValue();
  }

  /** A size: a JSON integer or a string such as "64KiB". null if absent or invalid. */
  Integer size(JsonNode node, String path, long min, long max) {
    if (node == null || node.isNull()) {
      return null;
    }
    BigInteger bytes = null;
    if (node.isIntegralNumber()) {
      bytes = node.bigIntegerValue();
    } else if (node.isTextual()) {
      try {
        bytes = BigInteger.valueOf(Sizes.parse(node.textValue()));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    if (bytes == null) {
      errors.add(path, "must be a size like 65536, 64KiB or 1MiB (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    if (bytes.compareTo(BigInteger.valueOf(min)) < 0 || bytes.compareTo(BigInteger.valueOf(max)) > 0) {
      errors.add(path, "must be between " + min + " and " + max + " (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    return bytes.intValue();
  }

  /** A duration: a string such as "30s", or the integer 0. {@code absent} if not set; null if invalid. */
  Duration duration(JsonNode node, String path, Duration min, Duration max, Duration absent) {
    if (node == null || node.isNull()) {
      return absent;
    }
    Duration d = null;
    if (node.isTextual()) {
      try {
        d = Durations.parse(node.textValue());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    } else if (node.isIntegralNumber() && node.bigIntegerValue().signum() == 0) {
      d = Duration.ZERO;
    }
    if (d == null) {
      errors.add(path, "must be a duration like 250ms, 30s or 5m (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      errors.add(path, "must be between " + Durations.format(min) + " and " + Durations.format(max)
          + " (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    return d;
  }

  /**
   * A file that must exist when the configuration is checked, so that {@code check} reports it
   * without opening a socket. A relative path is resolved against the working directory, as Vert.x
   * resolves it when it reads the file; the error then shows where that is. Returns the path as
   * written, or null if absent or invalid.
   */
  String existingFile(String path, String p) {
    if (path == null) {
      return null;
    }
    if (path.isBlank()) {
      errors.add(p, "must not be empty");
      return null;
    }
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      errors.add(p, "not a valid file path: " + e.getReason() + " (was " + quote(path) + ")");
      return null;
    }
    Path absolute = file.toAbsolutePath().normalize();
    String where = file.isAbsolute() ? "" : " (" + absolute + ")";
    if (!Files.exists(absolute)) {
      errors.add(p, "no such file: " + path + where);
      return null;
    }
    if (!Files.isRegularFile(absolute)) {
      errors.add(p, "not a regular file: " + path + where);
      return null;
    }
    return path;
  }

  static <T> T orDefault(T value, T dflt) {
    return value == null ? dflt : value;
  }

  /** {@code s} as a JSON string, shortened as {@link ConfigBinder#show} shortens every shown value. */
  static String quote(String s) {
    return ConfigBinder.show(TextNode.valueOf(s));
  }

  /** True for an IPv4 or IPv6 multicast literal; never resolves a host name. */
  static boolean isMulticastLiteral(String text) {
    InetAddress address = ipLiteral(text);
    return address != null && address.isMulticastAddress();
  }

  /**
   * {@code text} as an IPv4 (dotted quad) or IPv6 literal, or null when it is neither; never
   * resolves a host name. An IPv4-mapped IPv6 literal comes back as the IPv4 address.
   */
  static InetAddress ipLiteral(String text) {
    var v4 = IPV4.matcher(text);
    if (!v4.matches()) {
      return ipv6Literal(text);
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int part = Integer.parseInt(v4.group(i + 1));
      if (part > 255) {
        return null;
      }
      bytes[i] = (byte) part;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // not thrown for four bytes
    }
  }

  /**
   * Each entry of {@code texts} parsed as a {@link CidrRange}; a bad entry is recorded at
   * {@code path[i]} and left out. Null for an absent list.
   */
  List<CidrRange> cidrRanges(List<String> texts, String path) {
    if (texts == null) {
      return null;
    }
    List<CidrRange> ranges = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        errors.add(path + "[" + i + "]", "must be a CIDR range such as 10.0.0.0/8 (was null)");
        continue;
      }
      try {
        ranges.add(CidrRange.parse(text));
      } catch (IllegalArgumentException e) {
        errors.add(path + "[" + i + "]", e.getMessage() + " (was " + quote(text) + ")");
      }
    }
    return List.copyOf(ranges);
  }

  /** True for an IPv6 literal; never resolves a host name. */
  static boolean isIpv6Literal(String text) {
    return ipv6Literal(text) != null;
  }

  /** A string of hex digits, ':' and '.' containing ':' is parsed as a literal, never looked up. */
  private static InetAddress ipv6Literal(String text) {
    if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
