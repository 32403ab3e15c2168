package dev.framewire.testutil;

import dev.framewire.config.ClusterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Cluster settings for in-JVM test nodes on loopback: Hazelcast's members listed, no join wait. */
public final class LoopbackCluster {
  private LoopbackCluster() {
  }

  /** A node on member {@code port} joining the cluster whose first member listens on {@code seed}. */
  public static ClusterConfig node(String namePrefix, int port, int seed) {
    return new ClusterConfig(true, namePrefix + seed, "127.0.0.1", null, port, 0,
        List.of("127.0.0.1:" + seed), false, Duration.ofSeconds(10), null,
        Map.of("hazelcast.wait.seconds.before.join", "0"));
  }

}
