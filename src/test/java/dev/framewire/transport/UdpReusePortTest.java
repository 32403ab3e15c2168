package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Frame;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.UdpClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several UDP listener instances on one port through SO_REUSEPORT (native transport only). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class UdpReusePortTest {
  /** {@code <node>.<listener>.<instance>/<sender>} */
  private static final Pattern CONNECTION_ID = Pattern.compile("[^.]+\\.reuse\\.(\\d+)/127\\.0\\.0\\.1:(\\d+)");
  private static final int MAX_SENDERS = 64;

  private Vertx vertx;
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** SO_REUSEPORT needs the native transport: skipped where there is none. */
  private void startNativeVertx() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Assumptions.assumeTrue(vertx.isNativeTransportEnabled(),
        () -> "no native transport: " + vertx.unavailableNativeTransportCause());
  }

  @Test
  void twoInstancesShareOnePortAndEveryRequestIsAnswered() {
    startNativeVertx();
    JsonObject listener = new JsonObject().put("name", "reuse").put("protocol", "udp").put("port", 0)
        .put("instances", 2).put("codec", "text").put("address", "t.reuse");
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))).await();
    assertThat(gateway.lines).anySatisfy(line -> assertThat(line).contains("(request, 2 instances)"));
    Vertx v = vertx;
    v.eventBus().<String>consumer("t.reuse", m -> {
      Frame frame = Frame.of(v.eventBus(), m);
      frame.reply(frame.connectionId());
    }).completion().await();

    // the kernel spreads senders over the sockets by hashing their addresses: new senders until both answered
    int port = gateway.port("reuse");
    TreeSet<Integer> instances = new TreeSet<>();
    List<String> replies = new ArrayList<>();
    int sent = 0;
    while (instances.size() < 2 && sent < MAX_SENDERS) {
      try (UdpClient client = new UdpClient(port)) {
        client.send("ping " + sent++);
        String reply = client.receiveText();
        replies.add(reply);
        Matcher m = CONNECTION_ID.matcher(reply);
        assertThat(m.matches()).as(reply).isTrue();
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(client.localPort());
        assertThat(client.lastSender().getPort()).isEqualTo(port);
        instances.add(Integer.parseInt(m.group(1)));
      }
    }
    assertThat(instances).as("instances seen in %s", replies).containsExactly(0, 1);
    assertThat(replies).hasSize(sent);
    int answered = sent;
    // counted just after the datagram is handed to the socket: the client may be ahead of the count
    Eventually.await(vertx, () -> gateway.stats("reuse").repliesOut.sum() >= answered);
    assertThat(gateway.stats("reuse").framesIn.sum()).isEqualTo(sent);
    assertThat(gateway.stats("reuse").repliesOut.sum()).isEqualTo(sent);
  }

  @Test
  void aSourceSendingFromManyPortsHasOneRateAcrossTheInstances() {
    startNativeVertx();
    // 1 a second: one datagram passes, then one a second; the burst below takes a few milliseconds
    JsonObject listener = new JsonObject().put("name", "reuse").put("protocol", "udp").put("port", 0)
        .put("instances", 2).put("codec", "text").put("address", "t.reuse").put("maxDatagramsPerSecondPerSource", 1);
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))).await();
    int port = gateway.port("reuse");
    // 40 source ports of 127.0.0.1: the kernel hashes them over both instances (all on one has odds of 2^-39),
    // which, each with a bucket of its own, would let one datagram through apiece
    List<UdpClient> senders = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        senders.add(new UdpClient(port));
      }
      for (UdpClient sender : senders) {
        sender.send("burst");
      }
      ListenerStats stats = gateway.stats("reuse");
      Eventually.await(vertx, () -> stats.framesIn.sum()
          + stats.datagramsRefused(ListenerStats.DatagramRefusal.RATE_LIMITED).sum() == 40);
      assertThat(stats.framesIn.sum()).isEqualTo(1);
      assertThat(stats.datagramsRefused(ListenerStats.DatagramRefusal.RATE_LIMITED).sum()).isEqualTo(39);
    } finally {
      senders.forEach(UdpClient::close);
    }
  }
}
