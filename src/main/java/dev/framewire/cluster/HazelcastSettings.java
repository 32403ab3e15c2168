package dev.framewire.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.framewire.config.ClusterConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.io.File;
import java.io.FileNotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The one place where {@link ClusterConfig} becomes a Hazelcast {@link Config}.
 *
 * <p>Without {@code hazelcastConfig} it starts from Vert.x's own cluster file (the maps the
 * clustered event bus keeps its subscriptions in) and sets the network: the member binds to
 * {@code host} only, joins by the member list (multicast off) or by multicast, and auto-detection of
 * cloud environments is off. With {@code hazelcastConfig} the file is used as written. In both
 * cases phone-home is off, Hazelcast logs through SLF4J, the heartbeat is one second with the
 * configured {@code failureTimeout}, and leaving waits at most {@value #GRACEFUL_SHUTDOWN_SECONDS} s
 * for partition migrations; {@code properties} go on top.
 *
 * <p>Reads files and may resolve a host name: call it before the event loops start.
 */
public final class HazelcastSettings {
  /** Hazelcast's phone-home: an HTTP call to hazelcast.com at start and every day after. */
  static final String PHONE_HOME = "hazelcast.phone.home.enabled";
  static final String GRACEFUL_SHUTDOWN_WAIT = "hazelcast.graceful.shutdown.max.wait";
  /** How long leaving the cluster may wait for Hazelcast's partition migrations. */
  public static final long GRACEFUL_SHUTDOWN_SECONDS = 10;

  private HazelcastSettings() {}

  public static Config from(ClusterConfig cluster) {
    Config config = cluster.hazelcastConfig() != null ? load(cluster.hazelcastConfig()) : network(cluster);
    config.setProperty(PHONE_HOME, "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds",
        Long.toString(Math.max(2, cluster.failureTimeout().toSeconds())));
    // leaving waits for partition migrations, 10 minutes by default; Framewire keeps no data in
    // Hazelcast (Vert.x republishes each node's subscriptions), so a graceful stop need not wait long
    config.setProperty(GRACEFUL_SHUTDOWN_WAIT, Long.toString(GRACEFUL_SHUTDOWN_SECONDS));
    for (Map.Entry<String, String> property : cluster.properties().entrySet()) {
      config.setProperty(property.getKey(), property.getValue());
    }
    if (!"false".equals(config.getProperty(PHONE_HOME))) {
      // properties may not turn it back on: Framewire makes no call its user did not configure
      config.setProperty(PHONE_HOME, "false");
    }
    return config;
  }

  private static Config load(String path) {
    try {
      return Config.loadFromFile(new File(path));
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("cluster.hazelcastConfig: no such file: " + path, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cluster.hazelcastConfig: cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static Config network(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(ClusterConfig.PORT_RANGE);
    if (cluster.publicHost() != null) {
      network.setPublicAddress(cluster.publicHost());
    }
    String ip = bindAddress(cluster.host());
    if (ip != null) {
      network.getInterfaces().setEnabled(true).clear().addInterface(ip);
      config.setProperty("hazelcast.socket.bind.any", "false");
      if (ip.contains(":")) {
        config.setProperty("hazelcast.prefer.ipv4.stack", "false");
      }
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(cluster.multicast());
    join.getTcpIpConfig().setEnabled(!cluster.multicast()).setMembers(cluster.members());
    return config;
  }

  /** The IP the member binds to, or null for every interface ({@code 0.0.0.0}, {@code ::}). */
  static String bindAddress(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isAnyLocalAddress() ? null : address.getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cluster.host: unknown host " + host, e);
    }
  }
}
