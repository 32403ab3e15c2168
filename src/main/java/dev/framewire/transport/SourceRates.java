package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UDP {@code maxDatagramsPerSecondPerSource}: one {@link TokenBucket} per source ({@link Sources}),
 * for the whole listener. Its instances share the port (SO_REUSEPORT), and the kernel hands each
 * sender's datagrams to one of them by address and port; a source sending from several ports
 * reaches several instances, and they all take from its one bucket, so the rate holds however many
 * instances there are.
 *
 * <p>Bounded: a source whose bucket is full again is forgotten at the next sweep ({@link #evict}),
 * as forgetting it changes nothing; some {@link #MAX_SOURCES} sources are tracked at most (a
 * listener's instances may each add one past it at the same moment). While the table is full, the
 * sources it does not hold share one bucket at the same rate: a flood from more addresses than
 * that (spoofed ones, say) gets one source's rate between them, and the tracked sources keep theirs.
 *
 * <p>Thread-safe: the listener's instances call it from their event loops. Each bucket is taken
 * from under its own lock, so two instances never take one token twice; a sweep that forgets a
 * bucket just as a datagram takes from it lets that source start again from a full bucket.
 */
public final class SourceRates {
  /** Sources tracked at once, per listener (some 100 bytes each). */
  static final int MAX_SOURCES = 16_384;

  private final int rate;
  private final int ipv6Prefix;
  private final int maxSources;
  private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Object overflowLock = new Object();
  /** Shared by the sources the full table does not hold, made when first needed; guarded by {@link #overflowLock}. */
  private TokenBucket overflow;

  SourceRates(int rate, int ipv6Prefix) {
    this(rate, ipv6Prefix, MAX_SOURCES);
  }

  SourceRates(int rate, int ipv6Prefix, int maxSources) {
    this.rate = rate;
    this.ipv6Prefix = ipv6Prefix;
    this.maxSources = maxSources;
  }

  /**
   * The rates of UDP listener {@code config}, to be shared by all its instances; null when it sets
   * no {@code maxDatagramsPerSecondPerSource}.
   */
  public static SourceRates of(ListenerConfig config) {
    int rate = config.limits().maxDatagramsPerSecondPerSource();
    return rate > 0 ? new SourceRates(rate, config.limits().ipv6SourcePrefix()) : null;
  }

  /** Whether a datagram from {@code address} at {@code now} (nanoseconds) is within its source's rate. */
  boolean tryTake(InetAddress address, long now) {
    InetAddress source = Sources.key(address, ipv6Prefix);
    TokenBucket bucket = buckets.get(source);
    if (bucket == null) {
      if (buckets.size() >= maxSources) {
        return takeOverflow(now);
      }
      TokenBucket created = new TokenBucket(rate, now);
      TokenBucket raced = buckets.putIfAbsent(source, created);
      bucket = raced != null ? raced : created;
    }
    return take(bucket, now);
  }

  private static boolean take(TokenBucket bucket, long now) {
    synchronized (bucket) {
      return bucket.tryTake(now);
    }
  }

  private boolean takeOverflow(long now) {
    synchronized (overflowLock) {
      if (overflow == null) {
        overflow = new TokenBucket(rate, now);
      }
      return overflow.tryTake(now);
    }
  }

  /** Forgets the sources whose bucket is full again (and the shared one, when full). */
  void evict(long now) {
    if (!buckets.isEmpty()) {
      buckets.values().removeIf(bucket -> {
        synchronized (bucket) {
          return bucket.isFull(now);
        }
      });
    }
    synchronized (overflowLock) {
      if (overflow != null && overflow.isFull(now)) {
        overflow = null;
      }
    }
  }

  /** Sources tracked now. */
  int size() {
    return buckets.size();
  }
}
