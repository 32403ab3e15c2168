package dev.framewire.transport;

import static dev.framewire.testutil.Configs.handler;
import static dev.framewire.testutil.Configs.tcpListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.RandomDelayEcho;
import dev.framewire.testutil.TcpClient;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TCP listeners over real sockets on ephemeral ports, with the real handlers behind them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpListenerTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }


  private Gateway start(Vertx vertx, JsonArray listeners, JsonArray handlers) {
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", listeners).put("handlers", handlers)).await();
    return gateway;
  }

  @Test
  void rawEchoReturnsEveryByte(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("echo", "raw", "bytes", "t.echo")),
        new JsonArray().add(handler("echo", "t.echo")));
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    try (TcpClient client = new TcpClient(gateway.port("echo"))) {
      client.write(all);
      assertThat(client.read(256)).isEqualTo(all);
    }
  }

  @Test
  void linesAreAnsweredInOrderWithCrLfAccepted(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("lines", "lines", "text", "t.lines")),
        new JsonArray().add(handler("echo", "t.lines")));
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("one\r\ntwo\nthree\n\n");
      assertThat(client.readLine()).isEqualTo("one");
      assertThat(client.readLine()).isEqualTo("two");
      assertThat(client.readLine()).isEqualTo("three");
      assertThat(client.readLine()).isEqualTo("");
    }
  }

  @Test
  void thousandPipelinedFramesComeBackInOrderFromFourOutOfOrderInstances(Vertx vertx) {
    JsonObject h = handler("verticle", "t.ordered").put("className", RandomDelayEcho.class.getName())
        .put("instances", 4).put("config", new JsonObject().put("maxDelayMs", 4));
    start(vertx, new JsonArray().add(tcpListener("lines", "lines", "text", "t.ordered")), new JsonArray().add(h));
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      all.append("frame-").append(i).append('\n');
    }
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write(all.toString());
      for (int i = 0; i < 1000; i++) {
        assertThat(client.readLine()).isEqualTo("frame-" + i);
      }
    }
    assertThat(gateway.stats("lines").repliesOut.sum()).isEqualTo(1000);
  }

  @Test
  void halfClosedClientStillGetsEveryReply(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("lines", "lines", "text", "t.slow")),
        new JsonArray().add(handler("echo", "t.slow").put("delay", "30ms")));
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("a\nb\nc\npartial-without-newline");
      client.shutdownOutput();
      assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("a\nb\nc\n");
    }
    assertThat(gateway.stats("lines").truncatedAtEnd.sum()).isEqualTo(1);
  }

  @Test
  void oversizedFrameClosesOnlyItsOwnConnection(Vertx vertx) {
    JsonObject l = tcpListener("lines", "lines", "text", "t.lines");
    l.getJsonObject("framing").put("maxLength", 32);
    start(vertx, new JsonArray().add(l), new JsonArray().add(handler("echo", "t.lines")));
    try (TcpClient good = new TcpClient(gateway.port("lines"));
         TcpClient bad = new TcpClient(gateway.port("lines"))) {
      good.write("before\n");
      assertThat(good.readLine()).isEqualTo("before");
      bad.write("ok\n" + "x".repeat(33) + "\n");
      String rest = new String(bad.readToEnd(), StandardCharsets.UTF_8);
      // the error frame keeps its code whole and shows where its message was cut (maxLength 32)
      assertThat(rest).isEqualTo("ok\n" + "ERROR OVERSIZE frame exceeds ...\n");
      good.write("after\n");
      assertThat(good.readLine()).isEqualTo("after");
    }
    assertThat(gateway.stats("lines").oversized.sum()).isEqualTo(1);
  }

  @Test
  void oversizeSkipAnswersAnErrorAndCarriesOn(Vertx vertx) {
    JsonObject l = tcpListener("lines", "lines", "text", "t.lines").put("onOversize", "skip");
    l.getJsonObject("framing").put("maxLength", 64);
    start(vertx, new JsonArray().add(l), new JsonArray().add(handler("echo", "t.lines")));
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("a\n" + "y".repeat(1000) + "\nb\n");
      assertThat(client.readLine()).isEqualTo("a");
      // the error frame is cut to maxLength (64 bytes) so that the framing can carry it
      assertThat(client.readLine()).isEqualTo("ERROR OVERSIZE frame exceeds 65 bytes without a delimiter, ov...");
      assertThat(client.readLine()).isEqualTo("b");
    }
  }

  @Test
  void badUtf8GetsADecodeErrorInItsPlace(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("lines", "lines", "text", "t.lines")),
        new JsonArray().add(handler("echo", "t.lines")));
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("good\n".getBytes(StandardCharsets.UTF_8));
      client.write(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
      client.write("good again\n".getBytes(StandardCharsets.UTF_8));
      assertThat(client.readLine()).isEqualTo("good");
      assertThat(client.readLine()).isEqualTo("ERROR DECODE invalid UTF-8 at byte 0");
      assertThat(client.readLine()).isEqualTo("good again");
    }
    assertThat(gateway.stats("lines").decodeErrors.sum()).isEqualTo(1);
  }

  @Test
  void lengthPrefixedJsonEchoAndInvalidJson(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("json", "length-prefixed", "json", "t.json")),
        new JsonArray().add(handler("echo", "t.json")));
    try (TcpClient client = new TcpClient(gateway.port("json"))) {
      client.write(lengthPrefixed("{\"a\":1,\"b\":[true,null]}"));
      client.write(lengthPrefixed("{not json"));
      JsonObject echoed = new JsonObject(new String(readLengthPrefixed(client), StandardCharsets.UTF_8));
      assertThat(echoed).isEqualTo(new JsonObject().put("a", 1).put("b", new JsonArray().add(true).addNull()));
      JsonObject error = new JsonObject(new String(readLengthPrefixed(client), StandardCharsets.UTF_8));
      assertThat(error.getString("error")).isEqualTo("DECODE");
    }
  }

  @Test
  void noHandlerAndTimeoutAreAnsweredWithErrorFrames(Vertx vertx) {
    JsonObject none = tcpListener("none", "lines", "text", "t.nobody");
    JsonObject slow = tcpListener("slow", "lines", "text", "t.slow").put("replyTimeout", "100ms");
    start(vertx, new JsonArray().add(none).add(slow),
        new JsonArray().add(handler("echo", "t.slow").put("delay", "2s")));
    try (TcpClient a = new TcpClient(gateway.port("none")); TcpClient b = new TcpClient(gateway.port("slow"))) {
      a.write("hello\n");
      assertThat(a.readLine()).isEqualTo("ERROR NO_HANDLER no handler on t.nobody");
      b.write("hello\n");
      assertThat(b.readLine()).isEqualTo("ERROR TIMEOUT no reply within 100 ms");
    }
  }

  @Test
  void handlerFailureFollowsOnErrorClose(Vertx vertx) {
    JsonObject l = tcpListener("lines", "lines", "text", "t.fail").put("onError", "close");
    JsonObject h = handler("verticle", "t.fail").put("className", FailingHandler.class.getName());
    start(vertx, new JsonArray().add(l), new JsonArray().add(h));
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("boom\n");
      assertThat(client.readToEnd()).isEmpty();
    }
    assertThat(gateway.stats("lines").requestFailures(RequestFailure.HANDLER_FAILURE).sum()).isEqualTo(1);
  }

  @Test
  void slowHandlerPausesReadingAtMaxInFlight(Vertx vertx) {
    RandomDelayEcho.maxOutstanding.set(0);
    RandomDelayEcho.outstanding.set(0);
    JsonObject l = tcpListener("lines", "lines", "text", "t.bp").put("maxInFlight", 8);
    JsonObject h = handler("verticle", "t.bp").put("className", RandomDelayEcho.class.getName())
        .put("config", new JsonObject().put("maxDelayMs", 3));
    start(vertx, new JsonArray().add(l), new JsonArray().add(h));
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      all.append(i).append('\n');
    }
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write(all.toString());  // one burst: the window, not the read size, bounds the handler
      for (int i = 0; i < 300; i++) {
        assertThat(client.readLine()).isEqualTo(Integer.toString(i));
      }
    }
    assertThat(RandomDelayEcho.maxOutstanding.get()).isEqualTo(8);
  }

  @Test
  void chatBroadcastsToEveryOtherConnection(Vertx vertx) {
    JsonObject l = tcpListener("chat", "lines", "text", "t.chat").put("delivery", "send");
    start(vertx, new JsonArray().add(l), new JsonArray().add(handler("broadcast", "t.chat")));
    int port = gateway.port("chat");
    try (TcpClient a = new TcpClient(port); TcpClient b = new TcpClient(port); TcpClient c = new TcpClient(port)) {
      // the server accepts asynchronously: wait until it has taken all three connections
      Eventually.await(vertx, () -> gateway.stats("chat").connectionsOpened.sum() == 3);
      a.write("hi from a\n");
      assertThat(b.readLine()).isEqualTo("hi from a");
      assertThat(c.readLine()).isEqualTo("hi from a");
      c.write("hi from c\n");
      assertThat(a.readLine()).isEqualTo("hi from c");
      assertThat(b.readLine()).isEqualTo("hi from c");
      // no sender gets its own line back: the next read times out (closedByPeer() would also be
      // false had a byte come)
      a.setReadTimeout(300);
      c.setReadTimeout(300);
      for (TcpClient sender : new TcpClient[] {a, c}) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sender.read(1))
            .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
      }
    }
  }

  @Test
  void publishReachesEveryConsumer(Vertx vertx) {
    JsonObject l = tcpListener("pub", "lines", "text", "t.pub").put("delivery", "publish");
    start(vertx, new JsonArray().add(l), new JsonArray());
    java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(2);
    java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    vertx.eventBus().<String>consumer("t.pub", m -> { seen.add("1:" + m.body()); got.countDown(); }).completion().await();
    vertx.eventBus().<String>consumer("t.pub", m -> { seen.add("2:" + m.body()); got.countDown(); }).completion().await();
    try (TcpClient client = new TcpClient(gateway.port("pub"))) {
      client.write("news\n");
      assertThat(awaitLatch(got)).isTrue();
    }
    assertThat(seen).containsExactlyInAnyOrder("1:news", "2:news");
  }

  @Test
  void envelopeHeadersDescribeTheConnection(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("lines", "lines", "text", "t.hdr")), new JsonArray());
    java.util.concurrent.atomic.AtomicReference<io.vertx.core.MultiMap> headers = new java.util.concurrent.atomic.AtomicReference<>();
    vertx.eventBus().<String>consumer("t.hdr", m -> {
      headers.set(m.headers());
      dev.framewire.api.Frame.of(vertx.eventBus(), m).reply("seen " + m.body());
    }).completion().await();
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("x\n");
      assertThat(client.readLine()).isEqualTo("seen x");
    }
    io.vertx.core.MultiMap h = headers.get();
    assertThat(h.get("fw.listener")).isEqualTo("lines");
    assertThat(h.get("fw.protocol")).isEqualTo("tcp");
    assertThat(h.get("fw.remote")).startsWith("127.0.0.1:");
    assertThat(h.get("fw.local")).isEqualTo("127.0.0.1:" + gateway.port("lines"));
    assertThat(h.get("fw.conn")).endsWith(".lines.0.0");
    assertThat(h.get("fw.conn-address")).startsWith("framewire.conn.").endsWith(".lines.0");
    assertThat(h.get("fw.seq")).isEqualTo("0");
  }

  @Test
  void pushReachesTheConnectionUntilItCloses(Vertx vertx) {
    start(vertx, new JsonArray().add(tcpListener("lines", "lines", "text", "t.push").put("delivery", "send")), new JsonArray());
    java.util.concurrent.atomic.AtomicReference<dev.framewire.api.Frame> frame = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
    vertx.eventBus().<String>consumer("t.push", m -> {
      frame.set(dev.framewire.api.Frame.of(vertx.eventBus(), m));
      got.countDown();
    }).completion().await();
    try (TcpClient client = new TcpClient(gateway.port("lines"))) {
      client.write("subscribe\n");
      assertThat(awaitLatch(got)).isTrue();
      frame.get().push("tick 1");
      frame.get().push("tick 2");
      assertThat(client.readLine()).isEqualTo("tick 1");
      assertThat(client.readLine()).isEqualTo("tick 2");
    }
  }

  static boolean awaitLatch(java.util.concurrent.CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static byte[] lengthPrefixed(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  static byte[] readLengthPrefixed(TcpClient client) {
    int length = ByteBuffer.wrap(client.read(4)).getInt();
    return client.read(length);
  }

  /** A handler that always throws. */
  public static class FailingHandler extends dev.framewire.api.FrameHandlerVerticle {
    @Override
    protected void handle(dev.framewire.api.Frame frame) {
      throw new IllegalStateException("boom");
    }
  }

  static String hex(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : bytes) {
      out.writeBytes(String.format("%02x", b).getBytes(StandardCharsets.US_ASCII));
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
