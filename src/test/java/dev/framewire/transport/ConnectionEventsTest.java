package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.LogCapture;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A TCP connection's open and close at DEBUG, with the listener, the remote address and why it closed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionEventsTest {
  private final LogCapture log = LogCapture.of(TcpConnection.class.getName(), Level.DEBUG);
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
    log.close();
  }

  @Test
  void idle(Vertx vertx) {
    start(vertx, new JsonObject().put("idleTimeout", "100ms"));
    try (TcpClient client = new TcpClient(gateway.port("echo"))) {
      String remote = remote(client);
      assertThat(client.readToEnd()).isEmpty();  // closed by the listener

      ILoggingEvent closed = awaitClosed(vertx, remote);
      assertThat(closed.getFormattedMessage()).endsWith(") closed: idle for 100 ms");
      assertThat(LogCapture.fields(closed))
          .isEqualTo(Map.of("listener", "echo", "remote", remote, "reason", "idle for 100 ms"));
    }
  }

  @Test
  void resetByThePeer(Vertx vertx) throws Exception {
    start(vertx, new JsonObject());
    TcpClient client = new TcpClient(gateway.port("echo"));
    String remote = remote(client);
    client.write("hel");
    client.socket().setSoLinger(true, 0);
    client.close();  // RST

    assertThat(LogCapture.fields(awaitClosed(vertx, remote)).get("reason")).isEqualTo("reset");
  }

  @Test
  void openedAndClosedByThePeer(Vertx vertx) {
    start(vertx, new JsonObject());
    String remote;
    try (TcpClient client = new TcpClient(gateway.port("echo"))) {
      remote = remote(client);
      client.write("hi\n");
      assertThat(client.readLine()).isEqualTo("hi");
    }

    ILoggingEvent closed = awaitClosed(vertx, remote);
    assertThat(LogCapture.fields(closed).get("reason")).isEqualTo("peer closed its side");
    ILoggingEvent opened = log.events().stream().filter(e -> e.getFormattedMessage().endsWith(remote + " opened"))
        .findFirst().orElseThrow();
    assertThat(opened.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(LogCapture.fields(opened)).isEqualTo(Map.of("listener", "echo", "remote", remote));
  }

  private ILoggingEvent awaitClosed(Vertx vertx, String remote) {
    Eventually.await(vertx, () -> closedEvent(remote) != null);
    return closedEvent(remote);
  }

  private ILoggingEvent closedEvent(String remote) {
    return log.events().stream().filter(e -> e.getFormattedMessage().contains("(" + remote + ") closed: "))
        .findFirst().orElse(null);
  }

  private static String remote(TcpClient client) {
    return "127.0.0.1:" + client.socket().getLocalPort();
  }

  private void start(Vertx vertx, JsonObject extra) {
    JsonObject listener = new JsonObject().put("name", "echo").put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("address", "t.events").mergeIn(extra);
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.events"))))
        .await();
  }
}
