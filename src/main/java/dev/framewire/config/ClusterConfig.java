package dev.framewire.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Clustering: whether this process joins other Framewire nodes through a clustered event bus
 * (Hazelcast), and how it finds them. Defaults suit several nodes on one laptop (loopback, member
 * list {@code 127.0.0.1}); for a real network set {@code host} (or {@code publicHost}) and
 * {@code members}, or give a Hazelcast XML/YAML file in {@code hazelcastConfig}.
 *
 * <pre>
 * "cluster": {
 *   "enabled": true,
 *   "host": "10.0.0.5",
 *   "members": ["10.0.0.5", "10.0.0.6:5701", "10.0.0.7:5702"]
 * }
 * </pre>
 *
 * Framewire turns Hazelcast's phone-home off: a node calls nothing its user did not configure.
 *
 * @param enabled whether to start clustered (also {@code --cluster}); default false
 * @param name cluster name: nodes join only nodes of the same name; default {@link #DEFAULT_NAME}
 * @param host the interface the cluster member and the event bus bind to; default
 *     {@link #DEFAULT_HOST}
 * @param publicHost the address other nodes reach this one at, when it differs from {@code host}
 *     (NAT, containers); null = {@code host}
 * @param port the Hazelcast member port; when taken, the next free one up to
 *     {@code port + }{@link #PORT_RANGE}{@code - 1} is used; 1..65535; default {@link #DEFAULT_PORT};
 *     null when {@code hazelcastConfig} is given
 * @param eventBusPort the event-bus port other nodes send messages to, 0..65535; 0 = any free port;
 *     default 0
 * @param members TCP/IP join: the members to contact as {@code host} (tries ports {@code port} to
 *     {@code port + 2}) or {@code host:port}; IPv6 as {@code [::1]:5701} or a bare literal without
 *     port; Hazelcast's IPv4 ranges ({@code 10.0.0.1-7}) pass; never empty when configured;
 *     default {@link #DEFAULT_MEMBERS}; empty when {@code multicast} or {@code hazelcastConfig}
 * @param multicast join by multicast instead of the member list; default false (most networks
 *     block multicast)
 * @param failureTimeout a member silent this long is removed from the cluster (Hazelcast's
 *     {@code max.no.heartbeat}); a killed process on a reachable host is noticed sooner, when its
 *     connection is refused; whole seconds, {@link #MIN_FAILURE_TIMEOUT}..{@link #MAX_FAILURE_TIMEOUT};
 *     default {@link #DEFAULT_FAILURE_TIMEOUT}
 * @param hazelcastConfig a Hazelcast XML ({@code .xml}) or YAML ({@code .yaml}, {@code .yml}; the
 *     extension is case-sensitive) file used instead of {@code name}, {@code port}, {@code members}
 *     and {@code multicast}; the path as written, which existed (relative to the working directory)
 *     when the configuration was checked; null = none
 * @param properties Hazelcast properties ({@code hazelcast.*}) set on top; numbers and booleans in
 *     the JSON arrive as their text ({@code 30000}, {@code false}); default none
 * @param tls TLS with mutual authentication between nodes on the event bus (frames and replies),
 *     see {@link ClusterTlsConfig}; null = plain TCP (default)
 */
public record ClusterConfig(
    boolean enabled,
    String name,
    String host,
    String publicHost,
    Integer port,
    int eventBusPort,
    List<String> members,
    boolean multicast,
    Duration failureTimeout,
    String hazelcastConfig,
    Map<String, String> properties,
    ClusterTlsConfig tls) {

  public static final String DEFAULT_NAME = "framewire";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  /** How many ports from {@code port} up a member tries when {@code port} is taken. */
  public static final int PORT_RANGE = 100;
  public static final List<String> DEFAULT_MEMBERS = List.of("127.0.0.1");
  public static final Duration DEFAULT_FAILURE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MIN_FAILURE_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration MAX_FAILURE_TIMEOUT = Duration.ofMinutes(10);

  /** Not clustered, every other value at its default. */
  public static final ClusterConfig DISABLED = new ClusterConfig(false, DEFAULT_NAME, DEFAULT_HOST, null,
      DEFAULT_PORT, 0, DEFAULT_MEMBERS, false, DEFAULT_FAILURE_TIMEOUT, null, Map.of(), null);

  public ClusterConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(failureTimeout, "failureTimeout");
    members = List.copyOf(members);
    properties = Map.copyOf(properties);
    if (hazelcastConfig == null) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(port, "port");
    }
  }

  /** Without TLS between nodes. */
  public ClusterConfig(boolean enabled, String name, String host, String publicHost, Integer port,
      int eventBusPort, List<String> members, boolean multicast, Duration failureTimeout,
      String hazelcastConfig, Map<String, String> properties) {
    this(enabled, name, host, publicHost, port, eventBusPort, members, multicast, failureTimeout,
        hazelcastConfig, properties, null);
  }

  /** The same, clustered ({@code --cluster}). */
  public ClusterConfig enable() {
    return enabled ? this : new ClusterConfig(true, name, host, publicHost, port, eventBusPort, members,
        multicast, failureTimeout, hazelcastConfig, properties, tls);
  }

  /** The same, with {@code tls} between nodes (null: plain). */
  public ClusterConfig withTls(ClusterTlsConfig tls) {
    return new ClusterConfig(enabled, name, host, publicHost, port, eventBusPort, members,
        multicast, failureTimeout, hazelcastConfig, properties, tls);
  }
}
