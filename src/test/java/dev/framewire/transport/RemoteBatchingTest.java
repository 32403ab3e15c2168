package dev.framewire.transport;

import dev.framewire.route.FramewireEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Envelope;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * remoteBatching on one node: a listener instance whose event loop has no handler instance sends
 * the frames of a read to a Framewire handler on another loop as one message; a plain consumer of
 * the public address gets nothing from it. (Across nodes: ClusterIT.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RemoteBatchingTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject lines(String name, String address) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", address)
        .put("instances", 2).put("remoteBatching", true);
  }

  @Test
  void framesOfAReadGoToAHandlerOnAnotherLoopAsOneMessageAndComeBackInOrder(Vertx vertx) {
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger plain = new AtomicInteger();
    vertx.eventBus().addInboundInterceptor(delivery -> {
      if (delivery.message().address().equals(FramewireEnvelope.batchAddress("t.rb"))) {
        batches.incrementAndGet();
      }
      delivery.next();
    });
    // a plain consumer of the public address: remote batching never feeds it
    vertx.eventBus().consumer("t.rb", message -> plain.incrementAndGet()).completion().await();
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(lines("rb", "t.rb")))
        // one handler instance: both listener instances sit on other event loops
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.rb")
            .put("instances", 1)))).await();
    // Bursts of 30 lines (at most 210 bytes: one segment on loopback, within any read buffer Netty
    // guesses after such reads, and below maxInFlight), each answered before the next is written:
    // exactly one read, hence one batch, per burst.
    for (int c = 0; c < 4; c++) {
      try (TcpClient client = new TcpClient(gateway.port("rb"))) {
        for (int burst = 0; burst < 10; burst++) {
          StringBuilder all = new StringBuilder();
          for (int i = 30 * burst; i < 30 * burst + 30; i++) {
            all.append("c").append(c).append("-").append(i).append('\n');
          }
          client.write(all.toString());
          for (int i = 30 * burst; i < 30 * burst + 30; i++) {
            assertThat(client.readLine()).isEqualTo("c" + c + "-" + i);
          }
        }
      }
    }
    assertThat(gateway.stats("rb").repliesOut.sum()).isEqualTo(1200);
    assertThat(batches.get()).as("one message per read: 4 connections x 10 bursts").isEqualTo(40);
    assertThat(plain.get()).isZero();
  }
}
