package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;
import dev.framewire.config.ListenerLimits;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may open a connection to a TCP listener: its {@code allow}/{@code deny} lists, its
 * {@code maxConnections}, its {@code maxConnectionsPerSource} (a source is an IPv4 address or an
 * IPv6 prefix, {@link Sources}), and the process's cap ({@link ProcessConnections}). A refused
 * connection is closed at once, counted by reason and logged (rate-limited); the connections
 * already open are untouched.
 *
 * <p>Vert.x hands a connection over after its TLS handshake (and after its PROXY header), and has no
 * public hook before: a denied peer of a TLS listener costs one handshake before it is closed.
 *
 * <p>One per listener, shared by its instances on several event loops, hence thread-safe: the
 * counts are an {@link AtomicInteger} for the listener and a {@link ConcurrentHashMap} of
 * per-source counts, each changed atomically ({@code compute}); a source's entry is removed when
 * its count returns to zero, so the map holds only sources with open connections (at most
 * {@code maxConnections} entries). A connection counts against the process cap, then the
 * listener's, then its source's; a refusal at one step gives back what the steps before took.
 */
public final class Admission {
  /** One warning per reason, each its own kind (a flood refused for one reason hides no other), made once. */
  private static final String[] WARNINGS = Arrays.stream(ListenerStats.Rejection.values())
      .map(r -> "listener {}: connection from {} refused (" + r.label
          + ") and closed (at most one warning a minute, every refusal counted)")
      .toArray(String[]::new);

  private final String listener;
  private final SourceFilter filter;
  private final int maxConnections;
  private final int maxPerSource;
  private final int ipv6Prefix;
  private final ProcessConnections process;
  private final ListenerStats stats;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perSource = new ConcurrentHashMap<>();

  public Admission(ListenerConfig config, ListenerStats stats, ProcessConnections process) {
    ListenerLimits limits = config.limits();
    this.listener = config.name();
    this.filter = SourceFilter.of(limits.allow(), limits.deny());
    this.maxConnections = limits.maxConnections();
    this.maxPerSource = limits.maxConnectionsPerSource();
    this.ipv6Prefix = limits.ipv6SourcePrefix();
    this.process = process;
    this.stats = stats;
  }

  /**
   * Admits {@code socket} (true), or closes it, counts and logs why (false). An admitted socket is
   * given back with {@link #release} once it has closed.
   *
   * @param warnings the calling instance's rate-limited log
   */
  boolean admit(NetSocket socket, RateLimitedLog warnings) {
    SocketAddress remote = socket.remoteAddress();
    ListenerStats.Rejection refused = admit(ip(remote));
    if (refused == null) {
      return true;
    }
    stats.rejected(refused).increment();
    // one kind of warning per reason: a flood refused for one reason does not hide another
    String from = Addresses.format(remote);
    warnings.warnWithReason(from, refused.label, WARNINGS[refused.ordinal()], listener, from);
    socket.close();
    return false;
  }

  /** Null when {@code address} may connect now (then it is counted), else why not. */
  ListenerStats.Rejection admit(InetAddress address) {
    if (!filter.isOpen() && (address == null || !filter.admits(address))) {
      return ListenerStats.Rejection.DENIED;
    }
    if (!process.tryAcquire()) {
      return ListenerStats.Rejection.PROCESS_LIMIT;
    }
    if (!incrementBelow(open, maxConnections)) {
      process.release();
      return ListenerStats.Rejection.LISTENER_LIMIT;
    }
    if (maxPerSource > 0 && address != null && !acquireSource(Sources.key(address, ipv6Prefix))) {
      open.decrementAndGet();
      process.release();
      return ListenerStats.Rejection.SOURCE_LIMIT;
    }
    return null;
  }

  /** Gives back the counts of an admitted connection from {@code remote}, once it has closed. */
  void release(SocketAddress remote) {
    release(ip(remote));
  }

  void release(InetAddress address) {
    if (maxPerSource > 0 && address != null) {
      // the entry goes at zero: the map never holds a source with no connection
      perSource.computeIfPresent(Sources.key(address, ipv6Prefix), (k, n) -> n == 1 ? null : n - 1);
    }
    open.decrementAndGet();
    process.release();
  }

  private boolean acquireSource(InetAddress source) {
    boolean[] admitted = {false};
    perSource.compute(source, (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= maxPerSource) {
        return n;
      }
      admitted[0] = true;
      return count + 1;
    });
    return admitted[0];
  }

  /** Open connections of this listener. */
  public int open() {
    return open.get();
  }

  /** Open connections from {@code address}'s source. */
  int openFrom(InetAddress address) {
    return perSource.getOrDefault(Sources.key(address, ipv6Prefix), 0);
  }

  /** Sources with open connections (entries of the per-source table). */
  int sources() {
    return perSource.size();
  }

  private static InetAddress ip(SocketAddress address) {
    return VertxInternals.ipAddress(address);
  }

  /** Increments {@code counter} unless it has reached {@code max}; whether it did. */
  static boolean incrementBelow(AtomicInteger counter, int max) {
    while (true) {
      int n = counter.get();
      if (n >= max) {
        return false;
      }
      if (counter.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }
}
