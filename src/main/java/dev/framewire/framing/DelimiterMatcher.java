package dev.framewire.framing;

/**
 * Finds a delimiter in byte arrays fed piece by piece, carrying a partial match from one piece to
 * the next (Knuth-Morris-Pratt, so no byte is looked at twice and no earlier piece is needed).
 * Used where RecordParser cannot be: discarding an oversize frame without buffering it, and
 * splitting one datagram. One instance per framer; not thread-safe.
 */
final class DelimiterMatcher {
  private final byte[] delimiter;
  /** {@code fallback[i]}: length of the longest proper prefix of delimiter[0..i] that is also its suffix. */
  private final int[] fallback;
  /** How many delimiter bytes the input seen so far ends with (0 after a full match). */
  private int matched;

  DelimiterMatcher(byte[] delimiter) {
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter must not be empty");
    }
    this.delimiter = delimiter.clone();
    this.fallback = new int[delimiter.length];
    for (int i = 1, k = 0; i < delimiter.length; i++) {
      while (k > 0 && delimiter[i] != delimiter[k]) {
        k = fallback[k - 1];
      }
      if (delimiter[i] == delimiter[k]) {
        k++;
      }
      fallback[i] = k;
    }
  }

  void reset() {
    matched = 0;
  }

  /**
   * Scans {@code bytes[from, to)} after whatever was scanned before. Returns the index just past the
   * first delimiter that completes in that range (the match state is then reset), or -1 when none
   * does (a partial match at the end is kept for the next call).
   */
  int find(byte[] bytes, int from, int to) {
    final byte[] d = delimiter;
    if (d.length == 1) {
      final byte only = d[0];
      for (int i = from; i < to; i++) {
        if (bytes[i] == only) {
          return i + 1;
        }
      }
      return -1;
    }
    int k = matched;
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      while (k > 0 && b != d[k]) {
        k = fallback[k - 1];
      }
      if (b == d[k] && ++k == d.length) {
        matched = 0;
        return i + 1;
      }
    }
    matched = k;
    return -1;
  }
}
