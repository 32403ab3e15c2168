package dev.framewire.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects {@code path: message} errors during one load. The first error at a path wins: a value
 * that failed to bind is dropped and must not be reported again as missing.
 */
final class Errors {
  private final Map<String, String> byPath = new LinkedHashMap<>();

  void add(String path, String message) {
    byPath.putIfAbsent(path, message);
  }

  boolean has(String path) {
    return byPath.containsKey(path);
  }

  /** Whether there is an error at {@code path} or anywhere inside it ({@code path.x}, {@code path[0]}). */
  boolean hasUnder(String path) {
    for (String p : byPath.keySet()) {
      if (p.startsWith(path) && (p.length() == path.length()
          || p.charAt(path.length()) == '.' || p.charAt(path.length()) == '[')) {
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return byPath.isEmpty();
  }

  List<String> list() {
    List<String> lines = new ArrayList<>(byPath.size());
    byPath.forEach((path, message) -> lines.add(path + ": " + message));
    return lines;
  }

  /** Throws a {@link ConfigException} listing every error, if there is any. */
  void throwIfAny() {
    if (!byPath.isEmpty()) {
      throw new ConfigException(list());
    }
  }
}
