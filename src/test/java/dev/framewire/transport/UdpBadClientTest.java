package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.UdpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a misbehaving UDP sender can do: garbage and oversize datagrams. The listener answers and carries on. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class UdpBadClientTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject listener(String name, String codec, String address) {
    return new JsonObject().put("name", name).put("protocol", "udp").put("port", 0)
        .put("codec", codec).put("address", address);
  }

  private static JsonObject echo(String address) {
    return new JsonObject().put("type", "echo").put("address", address);
  }

  /**
   * The listener counts a reply or error datagram just after handing it to the socket, so the client
   * may hold it before the count moves: wait for the counts of what the client already received.
   */
  private static void awaitAnswers(Vertx vertx, ListenerStats stats, long answers) {
    Eventually.await(vertx, () -> stats.repliesOut.sum() + stats.errorFrames.sum() >= answers);
  }

  @Test
  void garbageToAJsonListenerIsAnsweredWithADecodeError(Vertx vertx) {
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(listener("json", "json", "t.json")))
        .put("handlers", new JsonArray().add(echo("t.json")))).await();
    try (UdpClient client = new UdpClient(gateway.port("json"))) {
      // a JSON listener's default error frame is a JSON object
      assertThat(new JsonObject(client.send(new byte[] {(byte) 0xFF, 'x', 0}).receiveText()))
          .isEqualTo(new JsonObject().put("error", "DECODE").put("message", "invalid UTF-8 at byte 0"));
      JsonObject notJson = new JsonObject(client.roundTrip("{not json"));
      assertThat(notJson.fieldNames()).containsExactlyInAnyOrder("error", "message");
      assertThat(notJson.getString("error")).isEqualTo("DECODE");
      assertThat(notJson.getString("message")).startsWith("invalid JSON");
      assertThat(new JsonObject(client.roundTrip("{\"still\":\"answered\"}")))
          .isEqualTo(new JsonObject().put("still", "answered"));
    }
    ListenerStats stats = gateway.stats("json");
    awaitAnswers(vertx, stats, 3);
    assertThat(stats.decodeErrors.sum()).isEqualTo(2);
    assertThat(stats.errorFrames.sum()).isEqualTo(2);
    assertThat(stats.framesIn.sum()).isEqualTo(3);
    assertThat(stats.repliesOut.sum()).isEqualTo(1);
  }

  @Test
  void oversizeDatagramIsAnsweredAndTheListenerCarriesOn(Vertx vertx) {
    JsonArray listeners = new JsonArray();
    JsonArray handlers = new JsonArray();
    for (String policy : new String[] {"close", "skip", "truncate"}) {
      listeners.add(listener(policy, "text", "t." + policy).put("onOversize", policy)
          .put("framing", new JsonObject().put("type", "datagram").put("maxLength", 100)));
      handlers.add(echo("t." + policy));
    }
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", listeners).put("handlers", handlers)).await();
    String max = "m".repeat(100);
    String big = "0123456789".repeat(50);

    for (String policy : new String[] {"close", "skip"}) {
      try (UdpClient client = new UdpClient(gateway.port(policy))) {
        assertThat(client.roundTrip(max)).as(policy).isEqualTo(max);
        assertThat(client.roundTrip(big)).as(policy)
            .isEqualTo("ERROR OVERSIZE datagram frame of 500 bytes exceeds maxLength 100");
        assertThat(client.roundTrip("next")).as(policy).isEqualTo("next");
      }
      ListenerStats stats = gateway.stats(policy);
      awaitAnswers(vertx, stats, 3);
      assertThat(stats.oversized.sum()).as(policy).isEqualTo(1);
      assertThat(stats.errorFrames.sum()).as(policy).isEqualTo(1);
      assertThat(stats.framesIn.sum()).as(policy).isEqualTo(2);
      assertThat(stats.repliesOut.sum()).as(policy).isEqualTo(2);
    }

    try (UdpClient client = new UdpClient(gateway.port("truncate"))) {
      // no error datagram: the first maxLength bytes go to the handler, marked truncated
      assertThat(client.roundTrip(big)).isEqualTo(big.substring(0, 100));
      assertThat(client.roundTrip("next")).isEqualTo("next");
    }
    ListenerStats stats = gateway.stats("truncate");
    awaitAnswers(vertx, stats, 2);
    assertThat(stats.oversized.sum()).isEqualTo(1);
    assertThat(stats.errorFrames.sum()).isEqualTo(0);
    assertThat(stats.repliesOut.sum()).isEqualTo(2);
  }
}
