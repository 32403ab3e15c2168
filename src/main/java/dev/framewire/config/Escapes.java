package dev.framewire.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a configured delimiter into bytes. Backslash escapes are decoded after JSON parsing, so
 * {@code "\n"} (a real newline) and {@code "\\n"} (backslash, n) both give byte 0x0A. Escapes:
 * {@code \n \r \t \0 \\ \xHH} and <code>&#92;uHHHH</code>. Each resulting char up to U+00FF becomes that one byte
 * (ISO-8859-1, so {@code "\xFF"} is byte 0xFF); any other code point becomes its UTF-8 bytes.
 *
 * <pre>
 * "\r\n"        → 0D 0A
 * "\\x00\\x01"  → 00 01
 * "|"           → 7C
 * "\\u00e9"     → E9          "€" → E2 82 AC
 * </pre>
 */
public final class Escapes {
  private Escapes() {
  }

  /** @throws IllegalArgumentException on an unknown or truncated escape, or an unpaired surrogate */
  public static byte[] decode(String text) {
    StringBuilder chars = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        chars.append(c);
        continue;
      }
      if (i + 1 == text.length()) {
        throw new IllegalArgumentException("a trailing \\ must be written \\\\");
      }
      char e = text.charAt(++i);
      switch (e) {
        case 'n' -> chars.append('\n');
        case 'r' -> chars.append('\r');
        case 't' -> chars.append('\t');
        case '0' -> chars.append('\0');
        case '\\' -> chars.append('\\');
        case 'x' -> {
          chars.append((char) hex(text, i + 1, 2));
          i += 2;
        }
        case 'u' -> {
          chars.append((char) hex(text, i + 1, 4));
          i += 4;
        }
        default -> throw new IllegalArgumentException(
            "unknown escape \\" + e + " (known: \\n \\r \\t \\0 \\\\ \\xHH \\uHHHH)");
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (c <= 0xFF) {
        bytes.write(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < chars.length()
          && Character.isLowSurrogate(chars.charAt(i + 1))) {
        bytes.writeBytes(chars.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format("unpaired surrogate \\u%04X", (int) c));
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  private static int hex(String text, int from, int digits) {
    String escape = text.charAt(from - 1) == 'x' ? "\\x" : "\\u";
    if (from + digits > text.length()) {
      throw new IllegalArgumentException(escape + " needs " + digits + " hex digits");
    }
    int value = 0;
    for (int i = from; i < from + digits; i++) {
      char c = text.charAt(i);
      int d = c < 0x80 ? Character.digit(c, 16) : -1;
      if (d < 0) {
        throw new IllegalArgumentException(escape + " needs " + digits + " hex digits");
      }
      value = value * 16 + d;
    }
    return value;
  }
}
