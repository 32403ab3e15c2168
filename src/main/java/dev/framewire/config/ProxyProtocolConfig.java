package dev.framewire.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The PROXY protocol (v1 text or v2 binary, as HAProxy and cloud load balancers send it) on a TCP
 * listener: every connection must open with a PROXY header, which names the original client; that
 * client, not the proxy, is then the connection's {@code fw.remote}. Written as three flat keys on
 * the listener:
 *
 * <pre>
 * {"name": "chat", "protocol": "tcp", "port": 7000, "framing": "lines", "address": "chat",
 *  "proxyProtocol": true, "trustedProxies": ["10.0.0.0/8", "192.0.2.7"],
 *  "proxyProtocolTimeout": "5s"}
 * </pre>
 *
 * A connection whose own peer (the proxy) is outside {@code trustedProxies} is closed: anyone else
 * could claim any address in a header.
 *
 * @param trustedProxies the addresses the header is accepted from ({@code trustedProxies}); never
 *     empty
 * @param timeout how long a connection may take to send its whole header
 *     ({@code proxyProtocolTimeout}), {@link #MIN_TIMEOUT}..{@link #MAX_TIMEOUT}; default
 *     {@link #DEFAULT_TIMEOUT}
 */
public record ProxyProtocolConfig(List<CidrRange> trustedProxies, Duration timeout) {
  /** Default {@code proxyProtocolTimeout}: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Lower bound for {@code proxyProtocolTimeout}: 1 millisecond. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  /** Upper bound for {@code proxyProtocolTimeout}: 5 minutes. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  public ProxyProtocolConfig {
    trustedProxies = List.copyOf(trustedProxies);
    if (trustedProxies.isEmpty()) {
      throw new IllegalArgumentException("trustedProxies must not be empty");
    }
    Objects.requireNonNull(timeout, "timeout");
  }
}
