package dev.framewire.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One socket listener. Resolved values: every accessor returns the effective value. TCP-only keys on
 * a UDP listener (and the reverse) are rejected by validation; for the other protocol those
 * components hold their defaults.
 *
 * <pre>
 * {"name": "chat", "protocol": "tcp", "port": 7000, "framing": {"type": "lines"},
 *  "codec": "text", "address": "framewire.chat", "delivery": "send"}
 * {"name": "metrics", "protocol": "udp", "port": 8125, "codec": "text", "address": "metrics",
 *  "delivery": "publish", "multicastGroup": "239.1.2.3"}
 * {"name": "lines-tls", "protocol": "tcp", "port": 7443, "framing": "lines", "codec": "text",
 *  "address": "framewire.lines", "tls": {"certPath": "tls/cert.pem", "keyPath": "tls/key.pem"}}
 * </pre>
 *
 * <p>Durations are written {@code "250ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"} or {@code 0}
 * ({@link Durations}); byte sizes as integers or {@code "64KiB"} ({@link Sizes}). Two listeners of
 * one protocol may not share a non-zero port on the same host. The environment and system
 * properties can override {@code host} and {@code port}: see {@link ConfigLoader}.
 *
 * @param name unique name, {@code [A-Za-z0-9._-]{1,64}}; required
 * @param protocol tcp or udp; required
 * @param host bind address; default {@link #DEFAULT_HOST}; {@code ::} binds dual-stack,
 *     {@code 0.0.0.0} all IPv4 interfaces
 * @param port 0..65535 (0 = any free port); required
 * @param instances verticle instances, 1..{@link #MAX_INSTANCES}; null = default (TCP: one per event
 *     loop; UDP: one per event loop where the native transport offers SO_REUSEPORT, else 1, and 1
 *     for a {@code multicastGroup} listener). UDP above 1 needs SO_REUSEPORT on the native
 *     transport (without it, one instance runs, with a warning)
 * @param framing framing
 * @param codec codec
 * @param address event-bus address frames are sent to; required
 * @param delivery request, send or publish; default {@link #DEFAULT_DELIVERY}
 * @param replyTimeout how long a request waits for its reply, 1ms..{@link #MAX_REPLY_TIMEOUT};
 *     default {@link #DEFAULT_REPLY_TIMEOUT}
 * @param onError what a request that gets no reply turns into; default {@link OnErrorConfig#DEFAULT}
 * @param onOversize what an oversized frame does; default {@link #DEFAULT_ON_OVERSIZE}
 * @param maxInFlight frames of one connection awaiting a reply before the listener stops reading it,
 *     1..{@link #MAX_MAX_IN_FLIGHT}; default {@link #DEFAULT_MAX_IN_FLIGHT}
 * @param tcpNoDelay TCP: default {@link #DEFAULT_TCP_NO_DELAY}
 * @param keepAlive TCP: default {@link #DEFAULT_KEEP_ALIVE}
 * @param acceptBacklog TCP: 1..65535; {@link #DEFAULT_ACCEPT_BACKLOG} (-1) = OS default
 * @param receiveBufferSize SO_RCVBUF in bytes, {@link #MIN_BUFFER_SIZE}..{@link #MAX_BUFFER_SIZE};
 *     {@link #DEFAULT_BUFFER_SIZE} (-1) = unset: TCP takes the OS default, UDP requests 4 MiB. TCP:
 *     Vert.x also sizes each read's buffer from it. UDP: set apart from the per-read buffer (which
 *     is {@code maxDatagramSize} + 1 bytes); what the kernel granted is logged at start, with a
 *     warning naming {@code net.core.rmem_max} when it granted less
 * @param sendBufferSize SO_SNDBUF in bytes, as {@code receiveBufferSize}
 * @param idleTimeout TCP: close a connection that read and wrote nothing, and owed no reply, this
 *     long, up to {@link #MAX_IDLE_TIMEOUT}; zero = never (default). Checked by the timeout sweep,
 *     as the other time limits ({@link ListenerLimits})
 * @param multicastGroup UDP: group to join (an IPv4 or IPv6 multicast literal), or null
 * @param multicastInterface UDP: network interface name for the group (only with a group), or null
 * @param remoteBatching a rarely needed override: batching for Framewire handlers on other event
 *     loops and nodes needs no switch (it happens whenever they are the address's only consumers,
 *     see {@code route.HandlerNodes}); true batches for them even while other consumers share the
 *     address (bridge peers and plain consumers then get no frames from this listener). Delivery
 *     {@code request} or {@code send}; default false
 * @param maxDatagramSize UDP: largest datagram read whole, in bytes, 1..65535; default
 *     {@link #DEFAULT_MAX_DATAGRAM_SIZE}. Each read's buffer is one byte larger, so that a longer
 *     datagram shows: it is answered {@code OVERSIZE} (with {@code onOversize: truncate}, its first
 *     {@code maxDatagramSize} bytes are delivered, marked {@code fw.truncated}), never as if whole
 * @param tls TCP: TLS on this listener's connections ({@link TlsConfig}); null = plain TCP (default)
 * @param proxyProtocol TCP: the PROXY protocol, from the flat keys {@code proxyProtocol},
 *     {@code trustedProxies} and {@code proxyProtocolTimeout} ({@link ProxyProtocolConfig}); null =
 *     off (default)
 * @param limits admission and limits: the flat keys {@code allow}, {@code deny},
 *     {@code maxConnections}, {@code maxConnectionsPerSource}, {@code ipv6SourcePrefix},
 *     {@code frameTimeout}, {@code maxConnectionAge}, {@code maxFramesPerSecond} and
 *     {@code maxDatagramsPerSecondPerSource} ({@link ListenerLimits}); null = every default
 */
public record ListenerConfig(
    String name,
    Protocol protocol,
    String host,
    int port,
    Integer instances,
    FramingConfig framing,
    CodecConfig codec,
    String address,
    Delivery delivery,
    Duration replyTimeout,
    OnErrorConfig onError,
    OversizePolicy onOversize,
    int maxInFlight,
    boolean tcpNoDelay,
    boolean keepAlive,
    int acceptBacklog,
    int receiveBufferSize,
    int sendBufferSize,
    Duration idleTimeout,
    String multicastGroup,
    String multicastInterface,
    int maxDatagramSize,
    boolean remoteBatching,
    TlsConfig tls,
    ProxyProtocolConfig proxyProtocol,
    ListenerLimits limits) {

  /** Default bind address: IPv4 loopback. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Upper bound for {@code instances}. */
  public static final int MAX_INSTANCES = 1024;
  /** Default {@code delivery}. */
  public static final Delivery DEFAULT_DELIVERY = Delivery.REQUEST;
  /** Default {@code replyTimeout}: 30 seconds. */
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(30);
  /** Upper bound for {@code replyTimeout}: 1 hour. */
  public static final Duration MAX_REPLY_TIMEOUT = Duration.ofHours(1);
  /** Default {@code onOversize}. */
  public static final OversizePolicy DEFAULT_ON_OVERSIZE = OversizePolicy.CLOSE;
  /** Default {@code maxInFlight}, in frames. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  /** Upper bound for {@code maxInFlight}, in frames. */
  public static final int MAX_MAX_IN_FLIGHT = 65536;
  /** Default {@code tcpNoDelay}: Nagle off. */
  public static final boolean DEFAULT_TCP_NO_DELAY = true;
  /** Default {@code keepAlive}. */
  public static final boolean DEFAULT_KEEP_ALIVE = false;
  /** Default {@code acceptBacklog}: -1 = the OS default. */
  public static final int DEFAULT_ACCEPT_BACKLOG = -1;
  /** Default {@code receiveBufferSize} and {@code sendBufferSize}: -1 = the OS default. */
  public static final int DEFAULT_BUFFER_SIZE = -1;
  /** Lower bound for a configured socket buffer size: 1 KiB (1024 bytes). */
  public static final int MIN_BUFFER_SIZE = 1024;
  /** Upper bound for a configured socket buffer size: 64 MiB (67108864 bytes). */
  public static final int MAX_BUFFER_SIZE = 64 * 1024 * 1024;
  /** Default {@code idleTimeout}: zero = never. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;
  /** Upper bound for {@code idleTimeout}: 24 hours. */
  public static final Duration MAX_IDLE_TIMEOUT = Duration.ofHours(24);
  /** Default {@code maxDatagramSize}, in bytes. */
  public static final int DEFAULT_MAX_DATAGRAM_SIZE = 65535;

  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(address, "address");
    if (limits == null) {
      limits = ListenerLimits.DEFAULT;
    }
  }

  /** A plain (no TLS) listener with every optional value at its default (for code and tests). */
  public static ListenerConfig of(String name, Protocol protocol, int port, FramingConfig framing,
      CodecConfig codec, String address) {
    return new ListenerConfig(name, protocol, DEFAULT_HOST, port, null, framing, codec, address,
        DEFAULT_DELIVERY, DEFAULT_REPLY_TIMEOUT, OnErrorConfig.DEFAULT, DEFAULT_ON_OVERSIZE,
        DEFAULT_MAX_IN_FLIGHT, DEFAULT_TCP_NO_DELAY, DEFAULT_KEEP_ALIVE, DEFAULT_ACCEPT_BACKLOG,
        DEFAULT_BUFFER_SIZE, DEFAULT_BUFFER_SIZE, DEFAULT_IDLE_TIMEOUT, null, null,
        DEFAULT_MAX_DATAGRAM_SIZE, false, null, null, ListenerLimits.DEFAULT);
  }
}
