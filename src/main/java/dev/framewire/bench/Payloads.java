package dev.framewire.bench;

import io.vertx.core.buffer.Buffer;

/**
 * The payload of every message, derived from a tag (connection number and sequence number), so a
 * reply is checked byte for byte without keeping a copy of what was sent:
 *
 * <pre>
 *   tag 0x0000_0300_0000_002a (connection 3, message 42), size 20:
 *   | the tag's low 6-bit groups as 11 digits (fewer if size is smaller) | filler: the alphabet from (tag mod 64) on |
 * </pre>
 *
 * The alphabet is the printable ASCII bytes minus the framing's delimiter bytes (at least 78 of
 * 94, since a delimiter has at most 16 bytes), so no payload contains a delimiter; digits take the
 * first 64 of them. Shifts and masks only: this runs twice per message. Immutable; shared by every
 * connection.
 */
final class Payloads {
  /** 11 digits of 6 bits hold a 64-bit tag. */
  private static final int MAX_TAG_DIGITS = 11;

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
    if (alphabet.length < 64) {
      throw new IllegalArgumentException("more than 30 printable bytes excluded");
    }
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
    for (int i = 0; i < tagDigits; i++) {
      into.setByte(i, digit(tag, i));
    }
    into.setBytes(tagDigits, filler, offset(tag), size - tagDigits);
  }

  /** {@code frame} is exactly the payload of {@code tag}. */
  boolean matches(Buffer frame, long tag) {
    if (frame.length() != size) {
      return false;
    }
    for (int i = 0; i < tagDigits; i++) {
      if (frame.getByte(i) != digit(tag, i)) {
        return false;
      }
    }
    int from = offset(tag);
    for (int i = tagDigits; i < size; i++) {
      if (frame.getByte(i) != filler[from + i - tagDigits]) {
        return false;
      }
    }
    return true;
  }

  /** Digit {@code i} of {@code tag}, least significant first. */
  private byte digit(long tag, int i) {
    return alphabet[(int) (tag >>> (6 * i)) & 63];
  }

  private static int offset(long tag) {
    return (int) tag & 63;
  }
}
