package dev.framewire.bench;

import io.vertx.core.buffer.Buffer;

/**
 * The payload of every message, derived from a tag (connection number and sequence number), so a
 * reply is checked byte for byte without keeping a copy of what was sent:
 *
 * <pre>
 *   tag 0x0000_0300_0000_002a (connection 3, message 42), size 20, alphabet of 90 printable bytes:
 *   | tag in base 90, up to 12 digits | filler: the alphabet from (tag mod 90) on, cyclic |
 * </pre>
 *
 * The alphabet is the printable ASCII bytes minus the framing's delimiter bytes, so no payload
 * contains a delimiter. Immutable; shared by every connection.
 */
final class Payloads {
  private static final int MAX_TAG_DIGITS = 12;

  private final int size;
  private final byte[] alphabet;
  private final int tagDigits;
  /** The alphabet repeated to {@code size + alphabet.length} bytes: filler at any offset is one copy. */
  private final byte[] filler;

  Payloads(int size, byte[] excluded) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1 (was " + size + ")");
    }
    this.size = size;
    StringBuilder letters = new StringBuilder();
    for (char c = 0x21; c <= 0x7e; c++) {
      boolean out = false;
      for (byte b : excluded) {
        out |= b == c;
      }
      if (!out) {
        letters.append(c);
      }
    }
    this.alphabet = letters.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    this.tagDigits = Math.min(size, MAX_TAG_DIGITS);
    this.filler = new byte[size + alphabet.length];
    for (int i = 0; i < filler.length; i++) {
      filler[i] = alphabet[i % alphabet.length];
    }
  }

  static long tag(int connection, long sequence) {
    return ((long) connection << 40) ^ sequence;
  }

  int size() {
    return size;
  }

  /** Overwrites {@code into} (exactly {@link #size()} bytes long) with the payload of {@code tag}. */
  void write(long tag, Buffer into) {
    long rest = tag;
    for (int i = tagDigits - 1; i >= 0; i--) {
      into.setByte(i, alphabet[(int) Long.remainderUnsigned(rest, alphabet.length)]);
      rest = Long.divideUnsigned(rest, alphabet.length);
    }
    into.setBytes(tagDigits, filler, offset(tag), size - tagDigits);
  }

  /** {@code frame} is exactly the payload of {@code tag}. */
  boolean matches(Buffer frame, long tag) {
    if (frame.length() != size) {
      return false;
    }
    long rest = tag;
    for (int i = tagDigits - 1; i >= 0; i--) {
      if (frame.getByte(i) != alphabet[(int) Long.remainderUnsigned(rest, alphabet.length)]) {
        return false;
      }
      rest = Long.divideUnsigned(rest, alphabet.length);
    }
    int from = offset(tag);
    for (int i = tagDigits; i < size; i++) {
      if (frame.getByte(i) != filler[from + i - tagDigits]) {
        return false;
      }
    }
    return true;
  }

  private int offset(long tag) {
    return (int) Long.remainderUnsigned(tag, alphabet.length);
  }
}
