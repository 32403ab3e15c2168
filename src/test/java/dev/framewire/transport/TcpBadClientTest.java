package dev.framewire.transport;

import static dev.framewire.testutil.WireFrames.concat;
import static dev.framewire.testutil.WireFrames.lengthHeader;
import static dev.framewire.testutil.WireFrames.lengthPrefixed;
import static dev.framewire.testutil.WireFrames.octetCounted;
import static dev.framewire.testutil.WireFrames.readLengthPrefixedText;
import static dev.framewire.testutil.WireFrames.readOctetCounted;
import static dev.framewire.testutil.WireFrames.repeat;
import static dev.framewire.testutil.WireFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a misbehaving TCP client can do to a listener: garbage, oversize, half-close and reset in the
 * middle of a frame, a client that never reads. Each harms its own connection only.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class TcpBadClientTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject listener(String name, JsonObject framing, String address) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("port", 0)
        .put("framing", framing).put("codec", "bytes").put("address", address);
  }

  private static JsonObject framing(String type) {
    return new JsonObject().put("type", type);
  }

  private static JsonObject echo(String address) {
    return new JsonObject().put("type", "echo").put("address", address);
  }

  private void start(Vertx vertx, JsonArray listeners, JsonArray handlers) {
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", listeners).put("handlers", handlers)
        .put("http", new JsonObject().put("port", 0))).await();
  }

  // ---- garbage ------------------------------------------------------------------------------

  @Test
  void negativeEightByteLengthAnswersCorruptAndClosesOnlyThatConnection(Vertx vertx) {
    start(vertx, new JsonArray().add(listener("lp8", framing("length-prefixed").put("headerBytes", 8), "t.lp8")),
        new JsonArray().add(echo("t.lp8")));
    int port = gateway.port("lp8");
    try (TcpClient good = new TcpClient(port); TcpClient bad = new TcpClient(port)) {
      good.write(lengthPrefixed(8, "before"));
      assertThat(readLengthPrefixedText(good, 8)).isEqualTo("before");

      // a whole frame, then a header whose high bit is set: -5 as a signed long
      bad.write(concat(lengthPrefixed(8, "ok"), lengthHeader(8, -5)));
      assertThat(bad.readToEnd()).isEqualTo(concat(lengthPrefixed(8, "ok"),
          lengthPrefixed(8, "ERROR CORRUPT length-prefixed: negative length -5 in the 8-byte header")));

      good.write(lengthPrefixed(8, "after"));
      assertThat(readLengthPrefixedText(good, 8)).isEqualTo("after");
    }
    ListenerStats stats = gateway.stats("lp8");
    assertThat(stats.corrupt.sum()).isEqualTo(1);
    assertThat(stats.errorFrames.sum()).isEqualTo(1);
    assertThat(stats.framesIn.sum()).isEqualTo(3);
    assertThat(stats.repliesOut.sum()).isEqualTo(3);
  }

  @Test
  void nonNumericOctetCountAnswersCorruptAndClosesOnlyThatConnection(Vertx vertx) {
    start(vertx, new JsonArray().add(listener("oc", framing("octet-counting"), "t.oc")),
        new JsonArray().add(echo("t.oc")));
    int port = gateway.port("oc");
    try (TcpClient good = new TcpClient(port); TcpClient bad = new TcpClient(port)) {
      good.write(octetCounted("before"));
      assertThat(readOctetCounted(good)).isEqualTo("before");

      // an HTTP client on a syslog port: "GET" is read as the octet count
      bad.write(concat(octetCounted("ok"), utf8("GET / HTTP/1.0\r\n\r\n")));
      assertThat(bad.readToEnd()).isEqualTo(concat(octetCounted("ok"),
          octetCounted("ERROR CORRUPT octet-counting: octet count has a non-digit byte 0x47 at offset 0")));

      good.write(octetCounted("after"));
      assertThat(readOctetCounted(good)).isEqualTo("after");
    }
    ListenerStats stats = gateway.stats("oc");
    assertThat(stats.corrupt.sum()).isEqualTo(1);
    assertThat(stats.errorFrames.sum()).isEqualTo(1);
    assertThat(stats.repliesOut.sum()).isEqualTo(3);
  }

  // ---- oversize -----------------------------------------------------------------------------

  @Test
  void announcedOversizeUnderSkipAnswersOversizeAndTheNextFrameStillGetsItsReply(Vertx vertx) {
    int announced = 200 * 1024;
    JsonObject lp = listener("lp", framing("length-prefixed").put("maxLength", "1KiB"), "t.lp").put("onOversize", "skip");
    JsonObject oc = listener("oc", framing("octet-counting").put("maxLength", "1KiB"), "t.oc").put("onOversize", "skip");
    start(vertx, new JsonArray().add(lp).add(oc), new JsonArray().add(echo("t.lp")).add(echo("t.oc")));
    String error = "ERROR OVERSIZE frame header announces " + announced + " bytes, over maxLength 1024";

    try (TcpClient client = new TcpClient(gateway.port("lp"))) {
      client.write(lengthPrefixed(4, "before"));
      client.write(lengthHeader(4, announced));
      // the skipped body is made of valid small frames: misframed, they would be answered
      writeInChunks(client, repeat(lengthPrefixed(4, "zz"), announced), 16 * 1024);
      client.write(lengthPrefixed(4, "after"));
      assertThat(readLengthPrefixedText(client, 4)).isEqualTo("before");
      assertThat(readLengthPrefixedText(client, 4)).isEqualTo(error);
      assertThat(readLengthPrefixedText(client, 4)).isEqualTo("after");
    }
    try (TcpClient client = new TcpClient(gateway.port("oc"))) {
      client.write(octetCounted("before"));
      client.write(utf8(announced + " "));
      writeInChunks(client, repeat(octetCounted("zz"), announced), 16 * 1024);
      client.write(octetCounted("after"));
      assertThat(readOctetCounted(client)).isEqualTo("before");
      assertThat(readOctetCounted(client)).isEqualTo(error);
      assertThat(readOctetCounted(client)).isEqualTo("after");
    }
    for (String name : new String[] {"lp", "oc"}) {
      ListenerStats stats = gateway.stats(name);
      assertThat(stats.oversized.sum()).as(name).isEqualTo(1);
      assertThat(stats.framesIn.sum()).as(name).isEqualTo(2);
      assertThat(stats.repliesOut.sum()).as(name).isEqualTo(2);
      assertThat(stats.errorFrames.sum()).as(name).isEqualTo(1);
    }
  }

  private static void writeInChunks(TcpClient client, byte[] bytes, int chunk) {
    for (int from = 0; from < bytes.length; from += chunk) {
      client.write(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
    }
  }

  // ---- half-close mid-frame -----------------------------------------------------------------

  @Test
  void halfCloseMidFrameDropsThePartialFrameAndDeliversEarlierReplies(Vertx vertx) {
    JsonArray listeners = new JsonArray()
        .add(listener("lp", framing("length-prefixed"), "t.slow"))
        .add(listener("oc", framing("octet-counting"), "t.slow"))
        .add(listener("fixed", framing("fixed").put("size", 4), "t.slow"))
        .add(listener("crlf", framing("delimited").put("delimiter", "\\r\\n"), "t.slow"))
        .add(listener("lines", framing("lines"), "t.slow"));
    // slow enough that the replies are still pending when the client half-closes
    start(vertx, listeners, new JsonArray().add(echo("t.slow").put("delay", "30ms")));

    halfCloseMidFrame("lp", concat(lengthPrefixed(4, "one"), lengthPrefixed(4, "two"), lengthHeader(4, 10), utf8("abc")),
        concat(lengthPrefixed(4, "one"), lengthPrefixed(4, "two")));
    halfCloseMidFrame("oc", concat(octetCounted("one"), octetCounted("two"), utf8("10 abc")),
        concat(octetCounted("one"), octetCounted("two")));
    halfCloseMidFrame("fixed", utf8("aaaabbbbcc"), utf8("aaaabbbb"));
    halfCloseMidFrame("crlf", utf8("one\r\ntwo\r\nthr\r"), utf8("one\r\ntwo\r\n"));
    halfCloseMidFrame("lines", utf8("one\ntwo\nthr"), utf8("one\ntwo\n"));
  }

  private void halfCloseMidFrame(String listener, byte[] sent, byte[] expected) {
    try (TcpClient client = new TcpClient(gateway.port(listener))) {
      client.write(sent);
      client.shutdownOutput();
      assertThat(client.readToEnd()).as(listener).isEqualTo(expected);
    }
    ListenerStats stats = gateway.stats(listener);
    assertThat(stats.truncatedAtEnd.sum()).as(listener).isEqualTo(1);
    assertThat(stats.framesIn.sum()).as(listener).isEqualTo(2);
    assertThat(stats.repliesOut.sum()).as(listener).isEqualTo(2);
    assertThat(stats.undeliverable.sum()).as(listener).isEqualTo(0);
  }

  // ---- reset mid-frame ----------------------------------------------------------------------

  /**
   * One listener instance and one handler instance, so that the late replies and the new
   * connection's reply travel one path in order: once the new connection has its reply, every late
   * reply has reached the listener.
   */
  private void startResetGateway(Vertx vertx) {
    JsonObject l = listener("lines", framing("lines"), "t.reset").put("instances", 1);
    start(vertx, new JsonArray().add(l), new JsonArray().add(echo("t.reset").put("delay", "200ms").put("instances", 1)));
  }

  /** Sends five whole lines and a partial one, waits until the listener has read them, then resets. */
  private void resetAfterFiveFramesAndAPartialOne(Vertx vertx) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port("lines")), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(utf8("r0\nr1\nr2\nr3\nr4\npart"));
      out.flush();
      Eventually.await(vertx, () -> gateway.stats("lines").framesIn.sum() == 5);
      socket.setSoLinger(true, 0);  // close sends RST, not FIN
    }
    Eventually.await(vertx, () -> gateway.stats("lines").connectionsClosed.sum() == 1);
  }

  @Test
  void resetMidFrameLosesOnlyItsOwnRepliesAndEachIsCountedOnce(Vertx vertx) throws IOException {
    startResetGateway(vertx);
    resetAfterFiveFramesAndAPartialOne(vertx);
    try (TcpClient fresh = new TcpClient(gateway.port("lines"))) {
      fresh.write("fresh\n");
      assertThat(fresh.readLine()).isEqualTo("fresh");
    }
    ListenerStats stats = gateway.stats("lines");
    assertThat(stats.repliesOut.sum()).isEqualTo(1);
    assertThat(stats.framesIn.sum()).isEqualTo(6);
    // five replies were lost with the connection: each must be counted once, as undeliverable
    // (at close) or as late (on arrival), not both
    assertThat(stats.undeliverable.sum() + stats.lateReplies.sum())
        .as("lost replies counted (%s)", stats).isEqualTo(5);
  }

  @Test
  void resetMidFrameCountsThePartialFrameItDropped(Vertx vertx) throws IOException {
    startResetGateway(vertx);
    resetAfterFiveFramesAndAPartialOne(vertx);
    // "part" was dropped with the connection; like a half-closed stream's, it must be counted
    assertThat(gateway.stats("lines").truncatedAtEnd.sum()).isEqualTo(1);
  }

  // ---- a client that never reads ------------------------------------------------------------

  @Test
  void clientThatNeverReadsDoesNotHoldUpBroadcastsToOthers(Vertx vertx) {
    JsonObject l = listener("chat", framing("lines"), "t.chat").put("delivery", "send");
    start(vertx, new JsonArray().add(l), new JsonArray());
    int port = gateway.port("chat");
    int count = 1500;
    int lineLength = 1024;  // 1.5 MB to each connection: far more than the kernel buffers hold
    byte[] expected = new byte[count * lineLength];
    try (TcpClient deaf = new TcpClient(port); TcpClient reader = new TcpClient(port)) {
      Eventually.await(vertx, () -> gateway.stats("chat").connectionsOpened.sum() == 2);
      for (int i = 0; i < count; i++) {
        String line = String.format("%05d", i) + "x".repeat(lineLength - 6);
        System.arraycopy(utf8(line + "\n"), 0, expected, i * lineLength, lineLength);
        dev.framewire.api.Frame.broadcast(vertx.eventBus(), "chat", null, line);
      }
      assertThat(reader.read(expected.length)).isEqualTo(expected);
      assertThat(deaf.read(lineLength)).isEqualTo(Arrays.copyOf(expected, lineLength));
      ListenerStats stats = gateway.stats("chat");
      // the two connections may sit on different event loops: the deaf one's loop may still be
      // queuing its copies when the reader has everything. Waited for with both still open: a
      // push to a closed connection is dropped uncounted.
      Eventually.await(vertx, () -> stats.pushesOut.sum() >= 2L * count);
      assertThat(stats.pushesOut.sum()).isEqualTo(2L * count);
      assertThat(stats.slowConsumersClosed.sum()).isEqualTo(0);
    }
  }

  @Test
  void clientThatNeverReadsIsClosedOnceMoreThan8MiBWaitForIt(Vertx vertx) {
    JsonObject l = listener("chat", framing("lines"), "t.chat").put("delivery", "send");
    start(vertx, new JsonArray().add(l), new JsonArray());
    int port = gateway.port("chat");
    int chunks = 24;
    int linesPerChunk = 1024;
    int lineLength = 1024;  // 24 MiB to each connection: kernel buffers hold a few MiB at most
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    try (TcpClient deaf = new TcpClient(port); TcpClient reader = new TcpClient(port)) {
      Eventually.await(vertx, () -> gateway.stats("chat").connectionsOpened.sum() == 2);
      String filler = "x".repeat(lineLength - 7);
      // 1 MiB at a time, as fast as the reader reads: it gets every line, the deaf one falls behind
      for (int chunk = 0; chunk < chunks; chunk++) {
        StringBuilder expected = new StringBuilder();
        for (int i = chunk * linesPerChunk; i < (chunk + 1) * linesPerChunk; i++) {
          String line = String.format("%06d", i) + filler;
          expected.append(line).append('\n');
          dev.framewire.api.Frame.broadcast(vertx.eventBus(), "chat", null, line);
        }
        byte[] bytes = utf8(expected.toString());
        all.writeBytes(bytes);
        assertThat(reader.read(bytes.length)).isEqualTo(bytes);
      }
      Eventually.await(vertx, () -> gateway.stats("chat").slowConsumersClosed.sum() == 1);
      // the deaf client finds what its kernel buffers held, then the end: a prefix of the stream
      byte[] got = deaf.readToEnd();
      assertThat(got.length).isLessThan(all.size());
      assertThat(got).isEqualTo(Arrays.copyOf(all.toByteArray(), got.length));
    }
    assertThat(gateway.stats("chat").slowConsumersClosed.sum()).isEqualTo(1);
    // what /metrics reports is the same counter
    assertThat(Http.scrape(gateway.httpPort()))
        .containsEntry("framewire_slow_consumers_closed_total{listener=\"chat\",protocol=\"tcp\"}", 1.0)
        .containsEntry("framewire_connections_accepted_total{listener=\"chat\",protocol=\"tcp\"}", 2.0);
  }
}
