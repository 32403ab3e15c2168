package dev.framewire.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /health} and {@code /ready}: what each check needs, and draining during a graceful stop. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HealthTest {

  @Test
  void readyOnlyWhenEveryListenerTheBridgeAndTheClusterAreUp() {
    Health health = new Health(2, true, true);
    assertThat(health.ready()).isFalse();
    health.listenerBound();
    health.bridgeBound();
    health.clusterJoined();
    assertThat(health.ready()).isFalse();
    assertThat(health.readiness().getJsonObject("checks").getJsonObject("listeners"))
        .isEqualTo(new JsonObject().put("bound", 1).put("configured", 2));
    health.listenerBound();
    assertThat(health.ready()).isTrue();
    assertThat(health.readiness()).isEqualTo(new JsonObject().put("status", "UP").put("checks", new JsonObject()
        .put("listeners", new JsonObject().put("bound", 2).put("configured", 2))
        .put("bridge", "bound").put("cluster", "joined").put("stopping", false)));
    health.stopping();
    assertThat(health.ready()).isFalse();
    assertThat(health.readiness().getString("status")).isEqualTo("DOWN");
    assertThat(health.liveness()).isEqualTo(new JsonObject().put("status", "UP").put("stopping", true));
  }

  @Test
  void aStandaloneNodeWithoutBridgeNeedsOnlyItsListeners() {
    Health health = new Health(1, false, false);
    health.listenerBound();
    assertThat(health.ready()).isTrue();
    assertThat(health.readiness().getJsonObject("checks").getString("cluster")).isEqualTo("not clustered");
    assertThat(health.readiness().getJsonObject("checks").getString("bridge")).isEqualTo("none");
  }

  @Test
  void readyTurns503AsSoonAsAGracefulStopBeginsWhileRepliesStillFlow(Vertx vertx) {
    JsonObject lines = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", "h.slow");
    Gateway gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(lines))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "h.slow")
            .put("delay", "1s")))
        .put("shutdownGrace", "10s")
        .put("http", new JsonObject().put("port", 0))).await();
    int http = gateway.httpPort();
    HttpResponse<String> ready = Http.get(http, "/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");

    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("in flight\n");
      dev.framewire.testutil.Eventually.await(vertx, () -> gateway.stats("lines").framesIn.sum() == 1);
      Future<Void> stopped = gateway.stop();
      HttpResponse<String> draining = Http.get(http, "/ready");
      assertThat(draining.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(draining.body()).getString("status")).isEqualTo("DOWN");
      assertThat(new JsonObject(draining.body()).getJsonObject("checks").getBoolean("stopping")).isTrue();
      HttpResponse<String> alive = Http.get(http, "/health");
      assertThat(alive.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(alive.body()).getBoolean("stopping")).isTrue();
      // the frame that was in flight when the stop began is still answered
      assertThat(client.readLine()).isEqualTo("in flight");
      stopped.await(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the graceful stop did not end", e);
    }
  }
}
