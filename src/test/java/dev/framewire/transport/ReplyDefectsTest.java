package dev.framewire.transport;

import dev.framewire.route.FramewireEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Envelope;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies and pushes that the listener cannot write or route, found with real clients: each gets a
 * clear answer (an error frame in its place, or a failure back to its sender) and is counted; the
 * connection stays in sync.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplyDefectsTest {
  private static final int MAX_LENGTH = 128;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  /** A lines listener whose frames a plain consumer answers: {@code "multi"} with two lines, others echoed. */
  private void startLines(Vertx vertx, int instances) {
    startLines(vertx, instances, m -> answer(vertx, m, m.body().equals("multi") ? "first\nsecond" : m.body()));
  }

  /** Answers a frame through its headers (fw.conn-address, fw.conn, fw.seq), as bridge peers may. */
  private static void answer(Vertx vertx, Message<?> m, Object body) {
    vertx.eventBus().send(m.headers().get(Envelope.CONNECTION_ADDRESS), body, new DeliveryOptions()
        .addHeader(Envelope.CONNECTION_ID, m.headers().get(Envelope.CONNECTION_ID))
        .addHeader(Envelope.SEQUENCE, m.headers().get(Envelope.SEQUENCE)));
  }

  private void startLines(Vertx vertx, int instances, io.vertx.core.Handler<Message<String>> handler) {
    vertx.eventBus().<String>consumer("t.plain", handler).completion().await();
    JsonObject listener = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("instances", instances)
        .put("framing", new JsonObject().put("type", "lines").put("maxLength", MAX_LENGTH))
        .put("codec", "text").put("address", "t.plain").put("replyTimeout", "5s");
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))).await();
  }

  /** Sends {@code body} to {@code address} as a request and returns its failure (code, message), or null. */
  private static ReplyException requestFailure(Vertx vertx, String address, Object body, DeliveryOptions options) {
    CompletableFuture<ReplyException> failure = new CompletableFuture<>();
    vertx.eventBus().request(address, body, options).onComplete(ar -> failure.complete(
        ar.succeeded() ? null : (ReplyException) ar.cause()));
    return failure.join();
  }

  @Test
  void aReplyContainingTheDelimiterIsABadReplyAndTheConnectionStaysInSync(Vertx vertx) {
    startLines(vertx, 1);
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("one\nmulti\ntwo\n");
      assertThat(client.readLine()).isEqualTo("one");
      assertThat(client.readLine()).isEqualTo(
          "ERROR BAD_REPLY the reply contains the delimiter at offset 5: it would be read as several frames");
      assertThat(client.readLine()).isEqualTo("two");
    }
    ListenerStats stats = gateway.stats("lines");
    assertThat(stats.requestFailures(RequestFailure.BAD_REPLY).sum()).isEqualTo(1);
    assertThat(stats.repliesOut.sum()).isEqualTo(2);
    assertThat(stats.errorFrames.sum()).isEqualTo(1);
  }

  @Test
  void pushesTheFramingCannotCarryFailBackToTheirSender(Vertx vertx) {
    // the connection's id and address, as the frame's headers give them to any consumer
    CompletableFuture<Message<String>> frame = new CompletableFuture<>();
    startLines(vertx, 1, m -> {
      frame.complete(m);
      answer(vertx, m, m.body());
    });
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("hello\n");
      assertThat(client.readLine()).isEqualTo("hello");
      Message<String> m = frame.join();
      String address = m.headers().get(Envelope.CONNECTION_ADDRESS);
      DeliveryOptions to = new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, m.headers().get(Envelope.CONNECTION_ID));

      ReplyException twoLines = requestFailure(vertx, address, "a\nb", to);
      assertThat(twoLines.failureCode()).isEqualTo(Envelope.BAD_REPLY_FAILURE);
      assertThat(twoLines.getMessage())
          .isEqualTo("BAD_REPLY the reply contains the delimiter at offset 1: it would be read as several frames");

      ReplyException tooLong = requestFailure(vertx, address, "x".repeat(MAX_LENGTH + 1), to);
      assertThat(tooLong.failureCode()).isEqualTo(Envelope.BAD_REPLY_FAILURE);
      assertThat(tooLong.getMessage()).isEqualTo("BAD_REPLY reply of 129 bytes exceeds maxLength 128");

      // what the framing can carry is written, and the request answered
      assertThat(requestFailure(vertx, address, "x".repeat(MAX_LENGTH), to)).isNull();
      assertThat(client.readLine()).isEqualTo("x".repeat(MAX_LENGTH));
    }
    ListenerStats stats = gateway.stats("lines");
    assertThat(stats.requestFailures(RequestFailure.BAD_REPLY).sum()).isEqualTo(2);
    assertThat(stats.pushesOut.sum()).isEqualTo(1);
  }

  @Test
  void aPushWithoutOrWithAMalformedConnectionIdSaysSo(Vertx vertx) {
    startLines(vertx, 1);
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("hello\n");
      assertThat(client.readLine()).isEqualTo("hello");
    }
    Eventually.await(vertx, () -> gateway.stats("lines").connectionsClosed.sum() == 1);
    String address = FramewireEnvelope.connectionAddress(gateway.nodeId(), "lines", 0);
    ReplyException missing = requestFailure(vertx, address, "hi", new DeliveryOptions());
    assertThat(missing.failureCode()).isEqualTo(Envelope.BAD_ADDRESSING_FAILURE);
    assertThat(missing.getMessage()).isEqualTo(
        "fw.conn header is missing: a reply or push names its connection (copy fw.conn from the frame)");

    ReplyException malformed = requestFailure(vertx, address, "hi",
        new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, "bogus"));
    assertThat(malformed.failureCode()).isEqualTo(Envelope.BAD_ADDRESSING_FAILURE);
    assertThat(malformed.getMessage()).isEqualTo("fw.conn bogus is malformed: it names no connection of listener lines");

    // a well-formed id of a connection that has closed is still CONNECTION_CLOSED
    String closed = gateway.nodeId() + ".lines.0.0";
    ReplyException gone = requestFailure(vertx, address, "hi",
        new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, closed));
    assertThat(gone.failureCode()).isEqualTo(Envelope.CONNECTION_CLOSED_FAILURE);
    assertThat(gone.getMessage()).isEqualTo("CONNECTION_CLOSED " + closed);
    assertThat(gateway.stats("lines").unmatchedReplies.sum()).isEqualTo(2);
  }

  @Test
  void aReplyWithABadOrUnknownSequenceNumberIsCountedAndFailsItsSender(Vertx vertx) {
    // a consumer that answers through the headers, as bridge peers may
    vertx.eventBus().<String>consumer("t.headers", m -> {
      DeliveryOptions reply = new DeliveryOptions()
          .addHeader(Envelope.CONNECTION_ID, m.headers().get(Envelope.CONNECTION_ID))
          .addHeader(Envelope.SEQUENCE, m.body().equals("bad") ? "x7" : m.body().equals("unknown") ? "999"
              : m.headers().get(Envelope.SEQUENCE));
      vertx.eventBus().request(m.headers().get(Envelope.CONNECTION_ADDRESS), m.body().toUpperCase(), reply)
          .onFailure(e -> vertx.eventBus().send("t.failures", ((ReplyException) e).failureCode() + " " + e.getMessage()));
    }).completion().await();
    java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.eventBus().<String>consumer("t.failures", m -> failures.add(m.body())).completion().await();
    JsonObject listener = new JsonObject().put("name", "hdr").put("protocol", "tcp").put("port", 0)
        .put("instances", 1).put("framing", "lines").put("codec", "text").put("address", "t.headers")
        .put("replyTimeout", "1s");
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))).await();
    try (TcpClient client = new TcpClient(gateway.port("hdr"))) {
      client.write("bad\nok\nunknown\n");
      // both unmatched replies fail their senders at once, and their frames time out in their place
      Eventually.await(vertx, () -> failures.size() == 2);
      assertThat(failures).containsExactlyInAnyOrder(
          "400 fw.seq x7 is not a sequence number (copy fw.seq from the frame)",
          "400 fw.conn " + gateway.nodeId() + ".hdr.0.0 fw.seq 999 names no frame of listener hdr");
      assertThat(client.readLine()).isEqualTo("ERROR TIMEOUT no reply within 1000 ms");
      assertThat(client.readLine()).isEqualTo("OK");
      assertThat(client.readLine()).isEqualTo("ERROR TIMEOUT no reply within 1000 ms");
    }
    ListenerStats stats = gateway.stats("hdr");
    assertThat(stats.unmatchedReplies.sum()).isEqualTo(2);
    assertThat(stats.lateReplies.sum()).isZero();
    assertThat(stats.requestFailures(RequestFailure.TIMEOUT).sum()).isEqualTo(2);
  }

  @Test
  void aBroadcastSentInsteadOfPublishedStillReachesEveryConnection(Vertx vertx) {
    startLines(vertx, 2);
    try (TcpClient a = new TcpClient(gateway.port("lines")); TcpClient b = new TcpClient(gateway.port("lines"))) {
      // one frame each: both connections are open (and on different instances: Vert.x deals them in turn)
      a.write("a\n");
      b.write("b\n");
      assertThat(a.readLine()).isEqualTo("a");
      assertThat(b.readLine()).isEqualTo("b");
      Future<Message<Object>> answered = vertx.eventBus().request(Envelope.broadcastAddress("lines"), "to all");
      answered.await();
      vertx.eventBus().send(Envelope.broadcastAddress("lines"), "sent, not published");
      assertThat(a.readLine()).isEqualTo("to all");
      assertThat(b.readLine()).isEqualTo("to all");
      assertThat(a.readLine()).isEqualTo("sent, not published");
      assertThat(b.readLine()).isEqualTo("sent, not published");
    }
    assertThat(gateway.stats("lines").pushesOut.sum()).isEqualTo(4);
  }

  @Test
  void aFixedReplyOfTheWrongSizeIsABadReplyAnsweredInItsPlace(Vertx vertx) {
    vertx.eventBus().<io.vertx.core.buffer.Buffer>consumer("t.fixed", m -> {
      String text = m.body().toString();
      answer(vertx, m, text.equals("bad!") ? io.vertx.core.buffer.Buffer.buffer("abc") : m.body());
    }).completion().await();
    JsonObject listener = new JsonObject().put("name", "fixed").put("protocol", "tcp").put("port", 0)
        .put("instances", 1).put("framing", new JsonObject().put("type", "fixed").put("size", 4))
        .put("codec", "bytes").put("address", "t.fixed")
        .put("onError", new JsonObject().put("action", "error-frame").put("errorFrame", "ERR!"));
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))).await();
    try (TcpClient client = new TcpClient(gateway.port("fixed"))) {
      client.write("goodbad!more");
      assertThat(client.readText(12)).isEqualTo("goodERR!more");
    }
    ListenerStats stats = gateway.stats("fixed");
    assertThat(stats.requestFailures(RequestFailure.BAD_REPLY).sum()).isEqualTo(1);
    assertThat(stats.errorFrames.sum()).isEqualTo(1);
    assertThat(stats.repliesOut.sum()).isEqualTo(2);
  }
}
