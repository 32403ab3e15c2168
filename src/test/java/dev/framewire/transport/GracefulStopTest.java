package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping a gateway: in-flight requests still get their replies (within the grace), then connections close. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class GracefulStopTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private Gateway start(Vertx vertx, String shutdownGrace) {
    JsonObject listener = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("codec", "text").put("address", "t.slow");
    JsonObject handler = new JsonObject().put("type", "echo").put("address", "t.slow").put("delay", "300ms");
    gateway = Gateway.start(vertx, new JsonObject().put("shutdownGrace", shutdownGrace)
        .put("listeners", new JsonArray().add(listener)).put("handlers", new JsonArray().add(handler))).await();
    return gateway;
  }

  @Test
  void inFlightRequestGetsItsReplyThenTheServerCloses(Vertx vertx) {
    start(vertx, "5s");
    int port = gateway.port("lines");
    try (TcpClient busy = new TcpClient(port); TcpClient idle = new TcpClient(port)) {
      busy.write("slow\n");
      Eventually.await(vertx, () -> gateway.stats("lines").framesIn.sum() == 1);
      Future<Void> stopped = gateway.stop();
      gateway = null;
      // an idle connection has nothing to wait for
      assertThat(idle.readToEnd()).isEmpty();
      assertThat(busy.readLine()).isEqualTo("slow");
      assertThat(busy.readToEnd()).isEmpty();  // then EOF from the server
      stopped.await();
    }
    assertThatThrownBy(() -> new TcpClient(port).close())
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void graceExpiryClosesTheConnectionWithoutItsReply(Vertx vertx) {
    start(vertx, "100ms");
    int port = gateway.port("lines");
    ListenerStats stats = gateway.stats("lines");
    try (TcpClient client = new TcpClient(port)) {
      client.write("too slow\n");
      Eventually.await(vertx, () -> stats.framesIn.sum() == 1);
      Future<Void> stopped = gateway.stop();
      gateway = null;
      assertThat(client.readToEnd()).isEmpty();
      stopped.await();
    }
    assertThat(stats.repliesOut.sum()).isEqualTo(0);
    // counted when the connection's close reaches its event loop, which may follow the stop's completion
    Eventually.await(vertx, () -> stats.undeliverable.sum() == 1);
    assertThat(stats.undeliverable.sum()).isEqualTo(1);
  }
}
