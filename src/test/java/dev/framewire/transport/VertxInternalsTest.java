package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The module adapter: the servers a module creates and the messages its consumers drop reach Framewire. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VertxInternalsTest {

  @Test
  void messagesOnTheirWayToAConsumerUnregisteredBeforeTakingThemReachTheDiscardHandler(Vertx vertx) {
    List<String> discarded = new ArrayList<>();
    List<String> handled = new ArrayList<>();
    Promise<Void> done = Promise.promise();
    EventBus bus = VertxInternals.forModule(vertx, s -> {}, m -> {
      discarded.add(m.body() + " " + m.headers().get("fw.seq"));
      if (discarded.size() == 3) {
        done.complete();
      }
    }).eventBus();
    MessageConsumer<String> consumer = bus.consumer("peer.address", m -> handled.add(m.body()));
    consumer.completion().await();
    vertx.runOnContext(v -> {
      // local delivery is queued: these three are routed to the consumer, which goes before taking them
      for (int i = 0; i < 3; i++) {
        bus.send("peer.address", "frame-" + i, new DeliveryOptions().addHeader("fw.seq", String.valueOf(i)));
      }
      consumer.unregister();
    });
    done.future().await();
    assertThat(discarded).containsExactly("frame-0 0", "frame-1 1", "frame-2 2");
    assertThat(handled).isEmpty();
  }

  @Test
  void theServersAModuleCreatesAreHandedOverAndItsBusIsTheSameBus(Vertx vertx) {
    List<NetServer> servers = new ArrayList<>();
    Vertx module = VertxInternals.forModule(vertx, servers::add, m -> {});
    NetServer server = module.createNetServer();
    assertThat(servers).containsExactly(server);
    Promise<String> received = Promise.promise();
    vertx.eventBus().<String>consumer("plain.address", m -> received.complete(m.body())).completion().await();
    module.eventBus().send("plain.address", "through the module");
    assertThat(received.future().await()).isEqualTo("through the module");
    assertThat(module.eventBus().publisher("plain.address").address()).isEqualTo("plain.address");
  }
}
