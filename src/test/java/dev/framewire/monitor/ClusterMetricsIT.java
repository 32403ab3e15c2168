package dev.framewire.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.cli.Deployer;
import dev.framewire.cluster.ClusterNode;
import dev.framewire.cluster.CountingClusterManager;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.FramewireConfig;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.LoopbackCluster;
import dev.framewire.testutil.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A clustered node's {@code /metrics}: the members it sees, and Vert.x's metrics on the clustered path. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterMetricsIT {

  @Test
  void membersSeenFollowTheCluster() throws Exception {
    int seed = Ports.freePort();
    ClusterConfig first = LoopbackCluster.node("framewire-metrics-it-", seed, seed);
    ClusterConfig second = LoopbackCluster.node("framewire-metrics-it-", Ports.freePort(), seed);
    FramewireConfig config = ConfigLoader.parse(new JsonObject().put("eventLoops", 2)
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "cm.echo")))
        .put("http", new JsonObject().put("port", 0)));
    Metrics metrics = new Metrics();
    CountingClusterManager managerA = ClusterNode.manager(first);
    Vertx a = ClusterNode.start(metrics.vertxOptions(Deployer.vertxOptions(config)), first, managerA,
        metrics.vertxMetrics()).await(60, TimeUnit.SECONDS);
    Vertx b = null;
    try {
      Deployer deployer = new Deployer(a, config, line -> { }, metrics);
      deployer.start().await(60, TimeUnit.SECONDS);
      int http = deployer.httpPort();
      assertThat(Http.scrape(http)).containsEntry("framewire_cluster_members", 1.0);
      assertThat(new JsonObject(Http.get(http, "/ready").body()).getJsonObject("checks").getString("cluster"))
          .isEqualTo("joined");

      b = ClusterNode.start(Deployer.vertxOptions(config), second, ClusterNode.manager(second)).await(60, TimeUnit.SECONDS);
      Eventually.await(a, () -> managerA.getNodes().size() == 2, Duration.ofSeconds(30));
      Map<String, Double> withTwo = Http.scrape(http);
      assertThat(withTwo).containsEntry("framewire_cluster_members", 2.0);
      assertThat(withTwo.keySet()).anyMatch(k -> k.startsWith("vertx_eventbus_handlers{address=\"cm.echo\""));

      b.close().await(60, TimeUnit.SECONDS);
      b = null;
      Eventually.await(a, () -> managerA.getNodes().size() == 1, Duration.ofSeconds(60));
      assertThat(Http.scrape(http)).containsEntry("framewire_cluster_members", 1.0);
      deployer.stop().await(30, TimeUnit.SECONDS);
    } finally {
      if (b != null) {
        b.close().await(60, TimeUnit.SECONDS);
      }
      a.close().await(60, TimeUnit.SECONDS);
    }
  }
}
