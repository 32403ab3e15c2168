package dev.framewire.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.framewire.testutil.BridgeClient;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bridge peer's connect and disconnect at DEBUG, with {@code listener} "bridge", its address and the reason. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BridgeConnectionEventsTest {
  private final LogCapture log = LogCapture.of(BridgeVerticle.class.getName(), Level.DEBUG);
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
    log.close();
  }

  @Test
  void anOversizedAnnouncementIsTheReasonTheBridgeGives(Vertx vertx) throws Exception {
    JsonObject bridge = new JsonObject().put("port", 0).put("maxFrameLength", 256)
        .put("outbound", new JsonArray().add("t.poly"));
    gateway = Gateway.start(vertx, new JsonObject().put("handlers", new JsonArray()
        .add(new JsonObject().put("type", "echo").put("address", "t.echo"))).put("bridge", bridge)).await();
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.bridgePort()));
    String remote = "127.0.0.1:" + socket.getLocalPort();
    try (BridgeClient greedy = new BridgeClient(socket)) {
      greedy.write(ByteBuffer.allocate(4).putInt(1 << 20).array());
      assertThat(greedy.read().getString("type")).isEqualTo("err");
      assertThat(greedy.closedByPeer()).isTrue();
    }

    Eventually.await(vertx, () -> event("disconnected") != null);
    ILoggingEvent disconnected = event("disconnected");
    assertThat(disconnected.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(disconnected.getFormattedMessage()).isEqualTo("bridge: " + remote + " disconnected: oversize");
    assertThat(LogCapture.fields(disconnected))
        .isEqualTo(Map.of("listener", "bridge", "remote", remote, "reason", "oversize"));
    assertThat(LogCapture.fields(event("connected"))).isEqualTo(Map.of("listener", "bridge", "remote", remote));
  }

  private ILoggingEvent event(String suffix) {
    return log.events().stream().filter(e -> e.getFormattedMessage().endsWith(" " + suffix)
        || e.getFormattedMessage().contains(" " + suffix + ":")).findFirst().orElse(null);
  }
}
