package dev.framewire.transport;

import java.net.InetAddress;
import java.util.HashMap;

/**
 * UDP {@code maxDatagramsPerSecondPerSource}: one {@link TokenBucket} per source ({@link Sources}),
 * for one listener instance. With several instances sharing a port (SO_REUSEPORT) the kernel
 * hands each sender's datagrams to one instance by its address and port, so a source sending from
 * several ports may get up to one rate per instance.
 *
 * <p>Bounded: a source whose bucket is full again is forgotten at the next sweep ({@link #evict}),
 * as forgetting it changes nothing; at most {@link #MAX_SOURCES} sources are tracked. While the
 * table is full, the sources it does not hold share one bucket at the same rate: a flood from
 * more addresses than that (spoofed ones, say) gets one source's rate between them, and the
 * tracked sources keep theirs.
 *
 * <p>Confined to the instance's event loop.
 */
final class SourceRates {
  /** Sources tracked at once, per listener instance (some 100 bytes each). */
  static final int MAX_SOURCES = 16_384;

  private final int rate;
  private final int ipv6Prefix;
  private final int maxSources;
  private final HashMap<InetAddress, TokenBucket> buckets = new HashMap<>();
  private TokenBucket overflow;

  SourceRates(int rate, int ipv6Prefix) {
    this(rate, ipv6Prefix, MAX_SOURCES);
  }

  SourceRates(int rate, int ipv6Prefix, int maxSources) {
    this.rate = rate;
    this.ipv6Prefix = ipv6Prefix;
    this.maxSources = maxSources;
  }

  /** Whether a datagram from {@code address} at {@code now} (nanoseconds) is within its source's rate. */
  boolean tryTake(InetAddress address, long now) {
    InetAddress source = Sources.key(address, ipv6Prefix);
    TokenBucket bucket = buckets.get(source);
    if (bucket == null) {
      if (buckets.size() >= maxSources) {
        if (overflow == null) {
          overflow = new TokenBucket(rate, now);
        }
        return overflow.tryTake(now);
      }
      bucket = new TokenBucket(rate, now);
      buckets.put(source, bucket);
    }
    return bucket.tryTake(now);
  }

  /** Forgets the sources whose bucket is full again. */
  void evict(long now) {
    if (!buckets.isEmpty()) {
      buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
    if (overflow != null && overflow.isFull(now)) {
      overflow = null;
    }
  }

  /** Sources tracked now. */
  int size() {
    return buckets.size();
  }
}
