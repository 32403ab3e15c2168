package dev.framewire.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.BridgeClient;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.StockBridgeClient;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.TcpClient;
import dev.framewire.transport.ListenerStats.RequestFailure;
import dev.framewire.transport.ListenerStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames on the public path are requests: they carry a reply address, and the standard event-bus
 * reply answers them, with no {@code fw.*} header and no send to {@code fw.conn-address}. A plain
 * Vert.x consumer answers with {@code message.reply(body)} and fails with
 * {@code message.fail(code, message)}; a bridge peer answers through the bridge's own reply (a
 * {@code send} to the message's {@code replyAddress}, which needs no inbound permission) and fails
 * with that {@code send} plus {@code failureCode} and {@code message}; the stock Node.js bridge
 * client from npm answers with its {@code msg.reply(body)} and with {@code eb.send} to the
 * message's {@code replyAddress}. The socket client gets every answer in frame order, whatever
 * order the replies come in: every handler here answers frames out of order, holding a group of
 * {@value #GROUP} and answering them last first.
 *
 * <p>No Framewire handler takes these frames (a plain consumer or a bridge peer is never on the
 * loop-local fast path), so they all travel on the public address.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandardReplyTest {
  /** Handlers hold this many frames, then answer them last first. */
  private static final int GROUP = 8;

  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  /** Lines of text; a frame unanswered after 5 s becomes "ERROR TIMEOUT ..." (never, when replies work). */
  private static JsonObject listener(String address) {
    return new JsonObject().put("name", "std").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text")
        .put("address", address).put("replyTimeout", "5s");
  }

  private static JsonObject bridge(JsonArray inbound, JsonArray outbound) {
    return new JsonObject().put("port", 0).put("inbound", inbound).put("outbound", outbound);
  }

  private Gateway start(Vertx vertx, JsonObject config) {
    gateway = Gateway.start(vertx, config).await();
    return gateway;
  }

  // ---------------------------------------------------------------- a plain Vert.x consumer

  /**
   * A plain consumer, not a Framewire handler: {@code message.reply} answers a frame, text
   * upper-cased, and a frame whose text starts with {@code fail} is failed with
   * {@code message.fail(500, "refused <text>")}.
   */
  static final class PlainConsumer extends VerticleBase {
    private final String address;
    private final List<Message<Object>> held = new ArrayList<>();
    /** Frames that came without a reply address (none should). */
    final AtomicInteger withoutReplyAddress = new AtomicInteger();

    PlainConsumer(String address) {
      this.address = address;
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().consumer(address, this::onFrame).completion();
    }

    private void onFrame(Message<Object> message) {
      if (message.replyAddress() == null) {
        withoutReplyAddress.incrementAndGet();
      }
      held.add(message);
      if (held.size() == GROUP) {
        for (int i = GROUP - 1; i >= 0; i--) {
          answer(held.get(i));
        }
        held.clear();
      }
    }

    private static void answer(Message<Object> message) {
      String text = (String) message.body();
      if (text.startsWith("fail")) {
        message.fail(500, "refused " + text);
      } else {
        message.reply(text.toUpperCase(Locale.ROOT));
      }
    }
  }

  @Test
  void aPlainConsumersReplyAndFailAnswerPipelinedFramesInOrder(Vertx vertx) {
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener("t.plain"))));
    PlainConsumer consumer = new PlainConsumer("t.plain");
    vertx.deployVerticle(consumer).await();
    // two connections pipelining at once: the consumer's groups mix their frames, and each reply
    // must still reach its own connection, in its place; every 10th frame is failed
    int frames = 500;  // 2 x 500 frames: a whole number of groups
    try (TcpClient a = new TcpClient(gateway.port("std"));
        TcpClient b = new TcpClient(gateway.port("std"))) {
      a.write(lines("a", frames));
      b.write(lines("b", frames));
      for (TcpClient client : List.of(a, b)) {
        String name = client == a ? "a" : "b";
        for (int i = 0; i < frames; i++) {
          String expected = i % 10 == 3
              ? "ERROR HANDLER_FAILURE refused fail-" + name + i
              : name.toUpperCase(Locale.ROOT) + "-" + i;
          assertThat(client.readLine())
              .as("answer %d on connection %s (frames that reached the consumer without a reply address: %d)",
                  i, name, consumer.withoutReplyAddress.get())
              .isEqualTo(expected);
        }
      }
    }
    assertThat(consumer.withoutReplyAddress.get()).as("frames without a reply address").isZero();
    ListenerStats stats = gateway.stats("std");
    assertThat(stats.repliesOut.sum()).isEqualTo(900);
    assertThat(stats.errorFrames.sum()).isEqualTo(100);
    assertThat(stats.requestFailures(RequestFailure.HANDLER_FAILURE).sum()).isEqualTo(100);
    assertThat(stats.requestFailures(RequestFailure.TIMEOUT).sum()).isZero();
    assertThat(stats.lateReplies.sum()).isZero();
  }

  /**
   * A consumer fails a frame after the sweep has answered it TIMEOUT: the failure is a late reply,
   * counted once as such, and not a second failure of that frame (no handler failure, nothing
   * undeliverable) nor a second answer to the client.
   */
  @Test
  void aFailureAfterTheTimeoutIsALateReplyAndNotASecondFailure(Vertx vertx) {
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener("t.late").put("replyTimeout", "200ms"))));
    Promise<Message<Object>> held = Promise.promise();
    vertx.eventBus().<Object>consumer("t.late", m -> {
      if ("late".equals(m.body())) {
        held.tryComplete(m);
      } else {
        m.reply("on time");
      }
    }).completion().await();
    try (TcpClient client = new TcpClient(gateway.port("std"))) {
      client.write("late\n");
      assertThat(client.readLine()).isEqualTo("ERROR TIMEOUT no reply within 200 ms");
      held.future().await().fail(500, "too late");
      ListenerStats stats = gateway.stats("std");
      Eventually.await(vertx, () -> stats.lateReplies.sum() == 1);
      client.write("next\n");
      assertThat(client.readLine()).as("the answer after the timeout, not the late failure").isEqualTo("on time");
      assertThat(stats.requestFailures(RequestFailure.TIMEOUT).sum()).isEqualTo(1);
      assertThat(stats.requestFailures(RequestFailure.HANDLER_FAILURE).sum()).isZero();
      assertThat(stats.undeliverable.sum()).isZero();
      assertThat(stats.errorFrames.sum()).isEqualTo(1);
      assertThat(stats.repliesOut.sum()).isEqualTo(1);
    }
  }

  /** {@code <name>-0\n<name>-1\n...}, with {@code fail-<name><i>} for every i ending in 3. */
  private static String lines(String name, int frames) {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < frames; i++) {
      all.append(i % 10 == 3 ? "fail-" + name + i : name + "-" + i).append('\n');
    }
    return all.toString();
  }

  // ---------------------------------------------------------------- the bridge's own reply

  @Test
  void aBridgePeerAnswersAndFailsThroughTheMessagesReplyAddress(Vertx vertx) {
    // no inbound permission at all: a reply address needs none
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener("t.raw")))
        .put("bridge", bridge(new JsonArray(), new JsonArray().add("t.raw"))));
    try (BridgeClient peer = new BridgeClient(gateway.bridgePort());
        TcpClient client = new TcpClient(gateway.port("std"))) {
      peer.send(new JsonObject().put("type", "register").put("address", "t.raw"));
      peer.sync();
      client.write("zero\nfail\ntwo\n");
      List<String> replyAddresses = new ArrayList<>();
      for (String body : List.of("zero", "fail", "two")) {
        JsonObject frame = peer.read();
        assertThat(frame.getString("type")).as(frame.encode()).isEqualTo("message");
        assertThat(frame.getString("address")).as(frame.encode()).isEqualTo("t.raw");
        assertThat(frame.getValue("body")).as(frame.encode()).isEqualTo(body);
        assertThat(frame.getBoolean("send")).as(frame.encode()).isTrue();
        assertThat(frame.getValue("replyAddress")).as("the reply address of %s", frame.encode())
            .isInstanceOf(String.class);
        replyAddresses.add(frame.getString("replyAddress"));
      }
      // last first; nothing but the bridge protocol's own fields
      peer.send(new JsonObject().put("type", "send").put("address", replyAddresses.get(2)).put("body", "TWO"));
      peer.send(new JsonObject().put("type", "send").put("address", replyAddresses.get(1))
          .put("failureCode", 500).put("message", "asked to fail"));
      peer.send(new JsonObject().put("type", "send").put("address", replyAddresses.get(0)).put("body", "ZERO"));
      assertThat(client.readLine()).isEqualTo("ZERO");
      assertThat(client.readLine()).isEqualTo("ERROR HANDLER_FAILURE asked to fail");
      assertThat(client.readLine()).isEqualTo("TWO");
      // a reply address takes one reply: the bridge refuses a second, which never reaches the client
      peer.send(new JsonObject().put("type", "send").put("address", replyAddresses.get(0)).put("body", "AGAIN"));
      assertThat(peer.read()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
      client.write("after\n");
      JsonObject after = peer.read();
      assertThat(after.getValue("body")).isEqualTo("after");
      peer.send(new JsonObject().put("type", "send").put("address", after.getString("replyAddress")).put("body", "AFTER"));
      assertThat(client.readLine()).isEqualTo("AFTER");
    }
    ListenerStats stats = gateway.stats("std");
    assertThat(stats.repliesOut.sum()).isEqualTo(3);
    assertThat(stats.errorFrames.sum()).isEqualTo(1);
    assertThat(stats.requestFailures(RequestFailure.HANDLER_FAILURE).sum()).isEqualTo(1);
    assertThat(stats.requestFailures(RequestFailure.TIMEOUT).sum()).isZero();
    // every frame was answered through its reply address: the peer's disconnect fails none of them
    Eventually.await(vertx, () -> gateway.bridgeStats().connectionsClosed.sum() == 1);
    assertThat(gateway.bridgeStats().framesFailedOnDisconnect.sum()).isZero();
    assertThat(stats.lateReplies.sum()).isZero();
  }

  // ---------------------------------------------------------------- the stock Node.js client

  /**
   * The stock client answers the "now-" frames inside its handler with {@code msg.reply}, and holds
   * the "later-" frames, {@value #GROUP} at a time, to answer them last first with
   * {@code eb.send(msg.replyAddress, ...)}: that client's deferred {@code msg.reply} can go to the
   * wrong reply address (see {@code reply_handler.js}).
   */
  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)  // room for the first npm install
  void theStockNodeClientAnswersThroughTheReplyAddress(Vertx vertx) throws Exception {
    // inbound: only the address the handler says "ready" on; its replies need no permission
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener("t.node")))
        .put("bridge", bridge(new JsonArray().add("t.node.ready"), new JsonArray().add("t.node"))));
    Promise<Object> ready = Promise.promise();
    vertx.eventBus().consumer("t.node.ready", m -> ready.tryComplete(m.body())).completion().await();
    int frames = 400;  // 200 "later-" frames: a whole number of groups
    try (StockBridgeClient handler = StockBridgeClient.start(gateway.bridgePort(), "t.node", "t.node.ready", GROUP);
        TcpClient client = new TcpClient(gateway.port("std"))) {
      assertThat(ready.future().await(30, TimeUnit.SECONDS)).as("handler output %s", handler.output).isEqualTo("ready");
      assertThat(gateway.bridgeStats().registrations.sum()).isEqualTo(1);
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < frames; i++) {
        all.append(i % 2 == 0 ? "now-" : "later-").append(i).append('\n');
      }
      client.write(all.toString());
      for (int i = 0; i < frames; i++) {
        assertThat(client.readLine()).as("answer %d (handler output %s)", i, handler.output)
            .isEqualTo((i % 2 == 0 ? "NOW-" : "LATER-") + i);
      }
      assertThat(handler.output).as("the handler's complaints").allMatch("ready"::equals);
      ListenerStats stats = gateway.stats("std");
      assertThat(stats.repliesOut.sum()).isEqualTo(frames);
      assertThat(stats.errorFrames.sum()).isZero();
      assertThat(stats.requestFailures(RequestFailure.TIMEOUT).sum()).isZero();
    }
    // every frame was answered through its reply address: the peer's disconnect fails none of them
    Eventually.await(vertx, () -> gateway.bridgeStats().connectionsClosed.sum() == 1);
    assertThat(gateway.bridgeStats().framesFailedOnDisconnect.sum()).isZero();
    assertThat(gateway.stats("std").lateReplies.sum()).isZero();
  }
}
