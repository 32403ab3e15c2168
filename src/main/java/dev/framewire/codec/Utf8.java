package dev.framewire.codec;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing
 * above U+10FFFF, no truncated sequence. Faster than a {@code CharsetDecoder} and allocation-free;
 * accepts exactly what {@code StandardCharsets.UTF_8.newDecoder()} with {@code REPORT} accepts.
 */
final class Utf8 {

  private Utf8() {}

  /** Offset of the first byte of the first ill-formed sequence, or -1 if {@code bytes} is valid. */
  static int firstInvalid(byte[] bytes) {
    final int n = bytes.length;
    int i = 0;
    while (i < n) {
      int b = bytes[i];
      if (b >= 0) { // ASCII
        i++;
        continue;
      }
      b &= 0xFF;
      if (b < 0xC2) { // continuation byte, or C0/C1 (always overlong)
        return i;
      }
      if (b < 0xE0) {
        if (i + 1 >= n || !continuation(bytes[i + 1])) {
          return i;
        }
        i += 2;
      } else if (b < 0xF0) {
        if (i + 1 >= n) {
          return i;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if (!continuation(b1) || (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F)
            || i + 2 >= n || !continuation(bytes[i + 2])) {
          return i;
        }
        i += 3;
      } else if (b < 0xF5) {
        if (i + 1 >= n) {
          return i;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if (!continuation(b1) || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F)
            || i + 3 >= n || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
          return i;
        }
        i += 4;
      } else {
        return i;
      }
    }
    return -1;
  }

  private static boolean continuation(int b) {
    return (b & 0xC0) == 0x80;
  }
}
