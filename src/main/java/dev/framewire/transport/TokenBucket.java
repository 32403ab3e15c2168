package dev.framewire.transport;

/**
 * A rate of {@code rate} events a second, with bursts of up to {@code rate} events at once: a token
 * bucket of {@code rate} tokens refilled at {@code rate} tokens a second, kept as one number (the
 * generic cell rate algorithm): the time at which the bucket will be full again. One mechanism for
 * TCP frames a second per connection and UDP datagrams a second per source: past the rate a frame
 * waits (a timer fires after {@link #nanosUntilToken}), a datagram is dropped.
 *
 * <pre>
 * rate 4/s: a token every 250 ms, 4 at most
 *   t=0      4 events pass, the 5th does not (tryTake false; nanosUntilToken says 250 ms)
 *   t=250ms  1 more passes
 *   t=1s+    idle long enough: full again, 4 pass at once
 * </pre>
 *
 * <p>Times are {@link System#nanoTime} values passed in (tests step them by hand). Not thread-safe:
 * confined to its owner's event loop (a connection's), or used under a lock ({@link SourceRates},
 * whose buckets a listener's instances share).
 */
final class TokenBucket {
  private final long interval;
  private final long tolerance;
  /** When the bucket is full again: taking a token moves it one interval later. */
  private long full;

  /** @param rate events a second, and the burst, at least 1 */
  TokenBucket(int rate, long now) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be at least 1 (was " + rate + ")");
    }
    this.interval = 1_000_000_000L / rate;
    this.tolerance = interval * (rate - 1);
    this.full = now;
  }

  /** Takes a token if there is one; false (nothing taken) when the bucket is empty. */
  boolean tryTake(long now) {
    long from = Math.max(full, now);
    if (from - now > tolerance) {
      return false;
    }
    full = from + interval;
    return true;
  }

  /** Nanoseconds until the bucket holds a token again; 0 while it does. */
  long nanosUntilToken(long now) {
    return Math.max(0, full - tolerance - now);
  }

  /** Whether the bucket is full: forgetting it changes nothing. */
  boolean isFull(long now) {
    return full - now <= 0;
  }
}
