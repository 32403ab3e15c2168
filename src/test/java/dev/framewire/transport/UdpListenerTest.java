package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** UDP listeners over real datagram sockets on ephemeral ports. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpListenerTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject listener(String name, String address) {
    return new JsonObject().put("name", name).put("protocol", "udp").put("port", 0)
        .put("codec", "text").put("address", address);
  }

  private static String roundTrip(DatagramSocket client, int port, byte[] payload) throws Exception {
    client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
    byte[] buffer = new byte[65535];
    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
    client.receive(reply);
    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void templateRepliesToTheSender(Vertx vertx) throws Exception {
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(listener("udp", "t.udp")))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "template").put("address", "t.udp")
            .put("template", "Message received: {text}")))).await();
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(5_000);
      int port = gateway.port("udp");
      assertThat(roundTrip(client, port, "hello".getBytes(StandardCharsets.UTF_8))).isEqualTo("Message received: hello");
      // a datagram longer than Netty's default 2 KiB read buffer arrives whole
      String big = "z".repeat(9000);
      assertThat(roundTrip(client, port, big.getBytes(StandardCharsets.UTF_8))).isEqualTo("Message received: " + big);
      assertThat(roundTrip(client, port, new byte[] {(byte) 0xFF, 'x'})).isEqualTo("ERROR DECODE invalid UTF-8 at byte 0");
    }
    assertThat(gateway.stats("udp").repliesOut.sum()).isEqualTo(2);
    assertThat(gateway.stats("udp").decodeErrors.sum()).isEqualTo(1);
  }

  @Test
  void delimitedDatagramsYieldOneReplyPerFrame(Vertx vertx) throws Exception {
    JsonObject l = listener("udp", "t.udp.echo")
        .put("framing", new JsonObject().put("type", "datagram").put("delimiter", "\n"));
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(l))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.udp.echo")))).await();
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(5_000);
      byte[] payload = "a\nbb\n".getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), gateway.port("udp")));
      java.util.Set<String> replies = new java.util.HashSet<>();
      for (int i = 0; i < 2; i++) {
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        client.receive(reply);
        replies.add(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      }
      assertThat(replies).containsExactlyInAnyOrder("a", "bb");
    }
  }

  @Test
  void noHandlerIsAnsweredWithAnErrorDatagram(Vertx vertx) throws Exception {
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(listener("udp", "t.nobody")))).await();
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(5_000);
      assertThat(roundTrip(client, gateway.port("udp"), "x".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo("ERROR NO_HANDLER no handler on t.nobody");
    }
  }
}
