package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.route.LoopAffinity;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.RandomDelayEcho;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With one event loop every handler instance shares the listeners' loop, so every frame takes the
 * loop-local fast path (light envelope, no header map): replies, failures and pushes must behave
 * exactly as on the public address.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopLocalPathTest {
  private Vertx vertx;
  private Gateway gateway;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
    vertx.close().await();
  }

  private void deploy(JsonArray listeners, JsonArray handlers) {
    gateway = Gateway.start(vertx, new JsonObject().put("eventLoops", 1).put("listeners", listeners)
        .put("handlers", handlers)).await();
  }

  private static JsonObject tcp(String name, String address) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("codec", "text").put("address", address);
  }

  @Test
  void tcpRepliesFailuresAndPushesTakeTheLocalPath() {
    JsonObject failing = new JsonObject().put("type", "verticle").put("address", "t.fail")
        .put("className", TcpListenerTest.FailingHandler.class.getName());
    JsonObject ordered = new JsonObject().put("type", "verticle").put("address", "t.ordered")
        .put("className", RandomDelayEcho.class.getName()).put("instances", 4)
        .put("config", new JsonObject().put("maxDelayMs", 3));
    deploy(new JsonArray().add(tcp("ordered", "t.ordered")).add(tcp("fail", "t.fail"))
            .add(tcp("push", "t.push").put("delivery", "send")),
        new JsonArray().add(ordered).add(failing).add(new JsonObject().put("type", "echo").put("address", "t.push")));
    assertThat(LoopAffinity.of(vertx).hasLocalHandler("t.ordered")).isTrue();

    try (TcpClient client = new TcpClient(gateway.port("ordered"))) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        all.append("n").append(i).append('\n');
      }
      client.write(all.toString());
      for (int i = 0; i < 300; i++) {
        assertThat(client.readLine()).isEqualTo("n" + i);
      }
    }
    try (TcpClient client = new TcpClient(gateway.port("fail"))) {
      client.write("x\n");
      assertThat(client.readLine()).isEqualTo("ERROR HANDLER_FAILURE boom");
    }
    try (TcpClient client = new TcpClient(gateway.port("push"))) {
      client.write("pushed back\n");
      assertThat(client.readLine()).isEqualTo("pushed back");
    }
    assertThat(gateway.stats("push").pushesOut.sum()).isEqualTo(1);
  }

  /** Answers at once, so that the replies to one batch travel back together; fails lines saying "bad". */
  public static class PickyEcho extends dev.framewire.api.FrameHandlerVerticle {
    @Override
    protected void handle(dev.framewire.api.Frame frame) {
      String line = frame.body();
      if (line.contains("bad")) {
        throw new IllegalArgumentException("refused " + line);
      }
      frame.reply(line);
    }
  }

  @Test
  void aBurstTravelsAsOneBatchAndItsRepliesComeBackInOrder() {
    JsonObject picky = new JsonObject().put("type", "verticle").put("address", "t.picky")
        .put("className", PickyEcho.class.getName()).put("instances", 3);
    deploy(new JsonArray().add(tcp("picky", "t.picky")), new JsonArray().add(picky));
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      all.append(i % 7 == 3 ? "bad " + i : "ok " + i).append('\n');
    }
    try (TcpClient client = new TcpClient(gateway.port("picky"))) {
      client.write(all.toString());
      for (int i = 0; i < 1000; i++) {
        assertThat(client.readLine()).isEqualTo(i % 7 == 3 ? "ERROR HANDLER_FAILURE refused bad " + i : "ok " + i);
      }
    }
    assertThat(gateway.stats("picky").repliesOut.sum()).isEqualTo(1000 - 143);
    assertThat(gateway.stats("picky").errorFrames.sum()).isEqualTo(143);
  }

  @Test
  void udpRepliesTakeTheLocalPath() throws Exception {
    deploy(new JsonArray().add(new JsonObject().put("name", "udp").put("protocol", "udp").put("port", 0)
            .put("codec", "text").put("address", "t.udp")),
        new JsonArray().add(new JsonObject().put("type", "template").put("address", "t.udp")
            .put("template", "Message received: {text}")));
    assertThat(LoopAffinity.of(vertx).hasLocalHandler("t.udp")).isTrue();
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(5_000);
      byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), gateway.port("udp")));
      DatagramPacket reply = new DatagramPacket(new byte[100], 100);
      client.receive(reply);
      assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
          .isEqualTo("Message received: hello");
    }
  }
}
