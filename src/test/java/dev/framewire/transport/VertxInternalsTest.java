package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
  void theIpAddressOfASocketAddressIsTheOneItHolds() throws Exception {
    assertThat(VertxInternals.ipAddress(SocketAddress.inetSocketAddress(7, "127.0.0.2")))
        .isEqualTo(InetAddress.getByName("127.0.0.2"));
    assertThat(VertxInternals.ipAddress(SocketAddress.inetSocketAddress(new InetSocketAddress("::1", 7))))
        .isEqualTo(InetAddress.getByName("::1"));
    assertThat(VertxInternals.ipAddress(SocketAddress.domainSocketAddress("/tmp/fw.sock"))).isNull();
    assertThat(VertxInternals.ipAddress(null)).isNull();
  }

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

  /**
   * A socket switched to direct writes (no cross-thread queue) writes everything in order, reports
   * a full write queue once the kernel's buffers and its high-water mark are full while the peer
   * does not read, and calls its drain handler as the peer reads.
   */
  @Test
  void aSocketWritingDirectlyWritesInOrderAndStillReportsAFullQueueAndItsDrain(Vertx vertx) {
    int linesPerWrite = 4096;
    int maxWrites = 2048; // about 100 MiB: far more than loopback's socket buffers take
    Promise<Boolean> switched = Promise.promise();
    Promise<Integer> writesUntilFull = Promise.promise();
    Promise<Void> drained = Promise.promise();
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      switched.complete(VertxInternals.writeDirectly(socket));
      socket.setWriteQueueMaxSize(64 * 1024);
      socket.drainHandler(v -> drained.tryComplete());
      socket.handler(go -> { // the client is ready to receive everything (it sends one byte)
        int writes = 0;
        while (!socket.writeQueueFull() && writes < maxWrites) {
          socket.write(lines(writes * linesPerWrite, linesPerWrite));
          writes++;
        }
        writesUntilFull.complete(socket.writeQueueFull() ? writes : -1);
        socket.end();
      });
    });
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    Promise<Void> ended = Promise.promise();
    NetSocket client = vertx.createNetClient().connect(port, "127.0.0.1").await();
    Buffer received = Buffer.buffer();
    client.pause();
    client.handler(received::appendBuffer);
    client.endHandler(v -> ended.tryComplete());
    client.write("g");
    assertThat(switched.future().await()).as("this Vert.x version's connection takes direct writes").isTrue();
    int writes = writesUntilFull.future().await();
    assertThat(writes).as("write queue full while the peer does not read").isPositive();
    client.resume();
    drained.future().await();
    ended.future().await();
    assertThat(received).isEqualTo(lines(0, writes * linesPerWrite));
  }

  private static Buffer lines(int first, int count) {
    Buffer lines = Buffer.buffer();
    for (int i = first; i < first + count; i++) {
      lines.appendString("line " + i + "\n");
    }
    return lines;
  }
}
