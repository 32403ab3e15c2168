package dev.framewire.config;

import java.util.List;
import java.util.Objects;

/**
 * The TCP event-bus bridge: a port where processes in any language join the event bus with the
 * bridge's wire format (a 4-byte big-endian length, then a JSON object). Nothing is permitted
 * unless listed: {@code inbound} names the addresses peers may send and publish to, {@code outbound}
 * the addresses they may register on (receive from).
 *
 * <pre>
 * "bridge": {
 *   "port": 7100,
 *   "inbound":  [{"addressRegex": "framewire\\.conn\\..+"}],
 *   "outbound": ["framewire.polyglot"],
 *   "maxFrameLength": "1MiB"
 * }
 * </pre>
 *
 * @param host interface to bind; default {@link ListenerConfig#DEFAULT_HOST}
 * @param port TCP port, 0..65535 (0: any free port)
 * @param inbound addresses peers may send or publish to (and so reply and push through); default none
 * @param outbound addresses peers may register on; default none
 * @param maxFrameLength the largest frame a peer may announce, in bytes without the 4-byte length,
 *     {@link #MIN_FRAME_LENGTH}..{@link #MAX_FRAME_LENGTH}; a larger announcement closes that peer's
 *     connection before its body is read; default {@link #DEFAULT_MAX_FRAME_LENGTH}
 * @param tls TLS for the bridge port, the same options as a TCP listener's; null = plain TCP
 */
public record BridgeConfig(
    String host,
    int port,
    List<PermittedAddress> inbound,
    List<PermittedAddress> outbound,
    int maxFrameLength,
    TlsConfig tls) {

  /** Default {@code maxFrameLength}: 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;
  /** Lower bound for {@code maxFrameLength}: room for the smallest useful JSON frame. */
  public static final int MIN_FRAME_LENGTH = 64;
  /** Upper bound for {@code maxFrameLength}: 64 MiB. */
  public static final int MAX_FRAME_LENGTH = 64 << 20;

  public BridgeConfig {
    Objects.requireNonNull(host, "host");
    inbound = List.copyOf(inbound);
    outbound = List.copyOf(outbound);
  }

  /** A plain bridge on {@code host:port}, 1 MiB frames (for code and tests). */
  public static BridgeConfig of(String host, int port, List<PermittedAddress> inbound,
      List<PermittedAddress> outbound) {
    return new BridgeConfig(host, port, inbound, outbound, DEFAULT_MAX_FRAME_LENGTH, null);
  }

  /** Whether a peer may register on {@code address}. */
  public boolean permitsOutbound(String address) {
    return outbound.stream().anyMatch(p -> p.matches(address));
  }
}
