package dev.framewire.transport;

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
      if (delivery.message().address().equals(Envelope.batchAddress("t.rb"))) {
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
    for (int c = 0; c < 4; c++) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        all.append("c").append(c).append("-").append(i).append('\n');
      }
      try (TcpClient client = new TcpClient(gateway.port("rb"))) {
        client.write(all.toString());
        for (int i = 0; i < 300; i++) {
          assertThat(client.readLine()).isEqualTo("c" + c + "-" + i);
        }
      }
    }
    assertThat(gateway.stats("rb").repliesOut.sum()).isEqualTo(1200);
    assertThat(batches.get()).isBetween(1, 1199);
    assertThat(plain.get()).isZero();
  }
}
