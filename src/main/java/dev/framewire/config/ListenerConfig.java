package dev.framewire.config;

import java.time.Duration;

/**
 * One socket listener. Resolved values: every accessor returns the effective value. TCP-only keys on
 * a UDP listener (and the reverse) are rejected by validation.
 *
 * @param name unique name, {@code [A-Za-z0-9._-]+}
 * @param protocol tcp or udp
 * @param host bind address; default {@link #DEFAULT_HOST}; {@code ::} binds dual-stack
 * @param port 0..65535 (0 = any free port)
 * @param instances verticle instances; null = default (TCP: one per event loop; UDP: 1). UDP above 1
 *     needs SO_REUSEPORT on the native transport
 * @param framing framing
 * @param codec codec
 * @param address event-bus address frames are sent to
 * @param delivery request (default), send or publish
 * @param replyTimeout how long a request waits for its reply; default {@link #DEFAULT_REPLY_TIMEOUT}
 * @param onError what a request that gets no reply turns into
 * @param onOversize what an oversized frame does; default close
 * @param maxInFlight frames of one connection awaiting a reply before the listener stops reading it;
 *     default {@link #DEFAULT_MAX_IN_FLIGHT}
 * @param tcpNoDelay TCP: default true
 * @param keepAlive TCP: default false
 * @param acceptBacklog TCP: -1 = OS default
 * @param receiveBufferSize SO_RCVBUF in bytes, -1 = OS default
 * @param sendBufferSize SO_SNDBUF in bytes, -1 = OS default
 * @param idleTimeout TCP: close a connection idle this long; zero = never (default)
 * @param multicastGroup UDP: group to join, or null
 * @param multicastInterface UDP: network interface name for the group, or null
 * @param maxDatagramSize UDP: largest datagram received in bytes; default 65535
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
    int maxDatagramSize) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  public static final int DEFAULT_MAX_DATAGRAM_SIZE = 65535;

  /** A listener with every optional value at its default (for code and tests). */
  public static ListenerConfig of(String name, Protocol protocol, int port, FramingConfig framing,
      CodecConfig codec, String address) {
    return new ListenerConfig(name, protocol, DEFAULT_HOST, port, null, framing, codec, address,
        Delivery.REQUEST, DEFAULT_REPLY_TIMEOUT, OnErrorConfig.DEFAULT, OversizePolicy.CLOSE,
        DEFAULT_MAX_IN_FLIGHT, true, false, -1, -1, -1, Duration.ZERO, null, null,
        DEFAULT_MAX_DATAGRAM_SIZE);
  }
}
