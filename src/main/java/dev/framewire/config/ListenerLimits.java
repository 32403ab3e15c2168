package dev.framewire.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a listener admits and how long it keeps a connection: its keys sit flat on the listener
 * beside the others (see {@link ListenerConfig}); this record only groups their resolved values.
 * Every default protects a default install: a listener without these keys caps its connections,
 * connections per source, and partial frames.
 *
 * <pre>
 * {"name": "edge", "protocol": "tcp", "port": 7000, "address": "a",
 *  "allow": ["10.0.0.0/8", "2001:db8::/32"], "deny": ["10.6.6.0/24"],
 *  "maxConnections": 20000, "maxConnectionsPerSource": 100, "ipv6SourcePrefix": 56,
 *  "frameTimeout": "30s", "idleTimeout": "5m", "maxConnectionAge": "1h", "maxFramesPerSecond": 500}
 * {"name": "stats", "protocol": "udp", "port": 8125, "address": "b",
 *  "allow": ["10.0.0.0/8"], "maxDatagramsPerSecondPerSource": 1000}
 * </pre>
 *
 * <p>Time limits are checked by the listener's periodic timeout sweep (one timer per listener
 * instance, never one per connection), so they act at most one sweep period late: the sweep
 * runs every eighth of {@code replyTimeout}, between 10 ms and 250 ms.
 *
 * @param allow TCP and UDP: CIDR ranges allowed to connect or send; empty (default) = every
 *     address not denied
 * @param deny TCP and UDP: CIDR ranges refused; a deny match wins over an allow match
 * @param maxConnections TCP: open connections of this listener (over all its instances),
 *     1..{@link #MAX_CONNECTIONS}; default {@link #DEFAULT_MAX_CONNECTIONS}
 * @param maxConnectionsPerSource TCP: open connections from one source (an IPv4 address, or an
 *     IPv6 prefix of {@code ipv6SourcePrefix} bits), 0..{@link #MAX_CONNECTIONS}; 0 = no per-source
 *     limit; default {@link #DEFAULT_MAX_CONNECTIONS_PER_SOURCE}
 * @param ipv6SourcePrefix TCP and UDP: how many leading bits of an IPv6 address name its source,
 *     1..128; default {@link #DEFAULT_IPV6_SOURCE_PREFIX} (one subnet, which one host usually has
 *     whole)
 * @param frameTimeout TCP: longest a frame may stay incomplete (its first bytes arrived, its end
 *     not), up to {@link #MAX_TIME_LIMIT}; zero = never; default {@link #DEFAULT_FRAME_TIMEOUT}
 * @param maxConnectionAge TCP: a connection this old stops reading, gets the replies it is owed,
 *     and is closed; up to {@link #MAX_TIME_LIMIT}; zero = never (default)
 * @param maxFramesPerSecond TCP: frames one connection may send a second (a burst of as many at
 *     once); past it the listener stops reading that connection until the rate allows more, and
 *     never drops a frame; 0..{@link #MAX_RATE}; 0 = no limit (default)
 * @param maxDatagramsPerSecondPerSource UDP: datagrams one source may send a second (a burst of
 *     as many at once), per listener instance; past it datagrams are dropped unanswered and
 *     counted; 0..{@link #MAX_RATE}; 0 = no limit (default)
 */
public record ListenerLimits(
    List<CidrRange> allow,
    List<CidrRange> deny,
    int maxConnections,
    int maxConnectionsPerSource,
    int ipv6SourcePrefix,
    Duration frameTimeout,
    Duration maxConnectionAge,
    int maxFramesPerSecond,
    int maxDatagramsPerSecondPerSource) {

  /**
   * Default {@code maxConnections}, in connections: ten thousand, far above what one listener of a
   * default install serves, far below what would exhaust its memory (each idle connection costs a
   * few KiB) or file descriptors (the process cap, see {@link LimitsConfig}, applies as well).
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Upper bound for {@code maxConnections} and {@code maxConnectionsPerSource}, in connections. */
  public static final int MAX_CONNECTIONS = 10_000_000;
  /**
   * Default {@code maxConnectionsPerSource}, in connections: a thousand, a tenth of the default
   * {@code maxConnections}, so that it takes ten sources to fill a listener; enough for a NAT
   * gateway or a client's connection pool. Behind a load balancer without PROXY protocol every
   * connection comes from the balancer's address: raise it, or set 0.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 1_000;
  /** Default {@code ipv6SourcePrefix}, in bits: a /64, the subnet one host or site is given. */
  public static final int DEFAULT_IPV6_SOURCE_PREFIX = 64;
  /**
   * Default {@code frameTimeout}: 60 seconds, generous for any client on a slow link, short enough
   * that a client dribbling a frame (slow loris) cannot hold its connection for ever.
   */
  public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(60);
  /** Default {@code maxConnectionAge}: zero = never. */
  public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ZERO;
  /** Upper bound for {@code frameTimeout} and {@code maxConnectionAge}: 24 hours. */
  public static final Duration MAX_TIME_LIMIT = Duration.ofHours(24);
  /** Default {@code maxFramesPerSecond} and {@code maxDatagramsPerSecondPerSource}: 0 = no limit. */
  public static final int DEFAULT_RATE = 0;
  /** Upper bound for a rate, per second. */
  public static final int MAX_RATE = 10_000_000;
  /** Every default: what a listener without these keys gets. */
  public static final ListenerLimits DEFAULT = new ListenerLimits(List.of(), List.of(), DEFAULT_MAX_CONNECTIONS,
      DEFAULT_MAX_CONNECTIONS_PER_SOURCE, DEFAULT_IPV6_SOURCE_PREFIX, DEFAULT_FRAME_TIMEOUT,
      DEFAULT_MAX_CONNECTION_AGE, DEFAULT_RATE, DEFAULT_RATE);

  public ListenerLimits {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    Objects.requireNonNull(frameTimeout, "frameTimeout");
    Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
  }
}
