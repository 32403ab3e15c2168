package dev.framewire.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.config.BridgeConfig;
import dev.framewire.testutil.BridgeClient;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.ExampleHandler;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.TestPki;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP event-bus bridge: the Python example handler serving a listener's frames through it,
 * the frame-size limit in front of the bridge's parser, the permitted addresses, TLS.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject polyglot(String replyTimeout) {
    return new JsonObject().put("name", "poly").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text")
        .put("address", "t.poly").put("replyTimeout", replyTimeout);
  }

  private static JsonObject bridge(JsonArray inbound, JsonArray outbound) {
    return new JsonObject().put("port", 0).put("inbound", inbound).put("outbound", outbound);
  }

  private static JsonObject replyingBridge() {
    return bridge(new JsonArray().add(new JsonObject().put("addressRegex", "framewire\\.conn\\..+")),
        new JsonArray().add("t.poly"));
  }

  private Gateway start(Vertx vertx, JsonObject config) {
    gateway = Gateway.start(vertx, config).await();
    return gateway;
  }

  // ---------------------------------------------------------------- the Python example

  @Test
  void pythonHandlerAnswersPipelinedFramesInOrder(Vertx vertx) {
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(polyglot("5s"))).put("bridge", replyingBridge()));
    try (ExampleHandler handler = ExampleHandler.python(gateway.bridgePort(), "t.poly");
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        all.append("frame-").append(i).append('\n');
      }
      client.write(all.toString());
      for (int i = 0; i < 1000; i++) {
        assertThat(client.readLine()).isEqualTo("FRAME-" + i);
      }
      client.write("fail\nafter\n");
      assertThat(client.readLine()).isEqualTo("ERROR HANDLER_FAILURE asked to fail");
      assertThat(client.readLine()).isEqualTo("AFTER");
    }
    assertThat(gateway.stats("poly").repliesOut.sum()).isEqualTo(1001);
    assertThat(gateway.bridgeStats().registrations.sum()).isEqualTo(1);
  }

  @Test
  void framesOfAHandlerThatDiesMidStreamGetErrorFramesAtOnceNotSilence(Vertx vertx) {
    // a window of 10 frames in flight: when the handler dies, up to 10 are in its hands. The reply
    // timeout is far longer than the client waits (10 s): every answer must come from the bridge
    // noticing the death, not from the timeout.
    JsonObject listener = polyglot("120s").put("maxInFlight", 10);
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener)).put("bridge", replyingBridge()));
    int frames = 200;
    try (ExampleHandler handler = ExampleHandler.python(gateway.bridgePort(), "t.poly", "--delay-ms", "20");
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < frames; i++) {
        all.append("f").append(i).append('\n');
      }
      client.write(all.toString());
      for (int i = 0; i < 5; i++) {
        assertThat(client.readLine()).isEqualTo("F" + i);
      }
      handler.kill();
      int replies = 5;
      int failed = 0;
      int noHandler = 0;
      for (int i = 5; i < frames; i++) {
        String line = client.readLine();
        if (line.equals("F" + i)) {
          replies++;
        } else if (line.startsWith("ERROR HANDLER_FAILURE the bridge peer handling it disconnected")) {
          failed++;
        } else {
          assertThat(line).isEqualTo("ERROR NO_HANDLER no handler on t.poly");
          noHandler++;
        }
      }
      assertThat(replies + failed + noHandler).isEqualTo(frames);
      assertThat(failed).as("frames the handler held when it died").isBetween(1, 10);
      assertThat(noHandler).isPositive();
      client.write("later\n");
      assertThat(client.readLine()).isEqualTo("ERROR NO_HANDLER no handler on t.poly");
      assertThat(gateway.bridgeStats().framesFailedOnDisconnect.sum()).isEqualTo(failed);
    }
    assertThat(gateway.stats("poly").requestFailures(RequestFailure.TIMEOUT).sum()).isZero();
  }

  // ---------------------------------------------------------------- the frame-size limit

  @Test
  void anOversizedAnnouncementClosesThatPeerAloneBeforeItsBodyIsRead(Vertx vertx) {
    JsonObject bridge = replyingBridge().put("maxFrameLength", 256);
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(polyglot("5s"))).put("bridge", bridge));
    try (BridgeClient bystander = new BridgeClient(gateway.bridgePort());
        BridgeClient atLimit = new BridgeClient(gateway.bridgePort());
        BridgeClient greedy = new BridgeClient(gateway.bridgePort())) {
      bystander.sync();
      // exactly 256 bytes of JSON passes
      JsonObject ping = new JsonObject().put("type", "ping").put("pad", "");
      ping.put("pad", "x".repeat(256 - ping.encode().length()));
      assertThat(BridgeClient.frame(ping)).hasSize(4 + 256);
      atLimit.send(ping);
      assertThat(atLimit.read().getString("type")).isEqualTo("pong");
      // 2 GiB announced: one error frame, then the connection closes
      greedy.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
      JsonObject err = greedy.read();
      assertThat(err.getString("type")).isEqualTo("err");
      assertThat(err.getString("message")).isEqualTo("frame too large: announced 2147483647 bytes (limit 256 bytes)");
      assertThat(greedy.closedByPeer()).isTrue();
      // 257 bytes: the same, on the connection that sent 256 before
      ping.put("pad", ping.getString("pad") + "x");
      atLimit.send(ping);
      assertThat(atLimit.read().getString("message")).isEqualTo("frame too large: announced 257 bytes (limit 256 bytes)");
      assertThat(atLimit.closedByPeer()).isTrue();
      bystander.sync();
    }
    assertThat(gateway.bridgeStats().oversizeFrames.sum()).isEqualTo(2);
  }

  @Test
  void framesTheBridgeWouldChokeOnAreAnsweredAndTheConnectionGoesOn(Vertx vertx) {
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(polyglot("5s"))).put("bridge", replyingBridge()));
    String[][] cases = {
        {"this is not json", "not JSON"},
        {"[1, 2]", "not a JSON object"},
        {"{\"address\": \"t.poly\"}", "type must be one of ping, publish, register, send, unregister"},
        {"{\"type\": \"message\", \"address\": \"t.poly\"}", "unknown type message"},
        {"{\"type\": \"send\", \"address\": 5}", "address must be a string"},
        {"{\"type\": \"send\", \"address\": \"x\", \"replyAddress\": {}}", "replyAddress must be a string"},
        {"{\"type\": \"send\", \"address\": \"x\", \"headers\": [1]}", "headers must be an object"},
        {"{\"type\": \"send\", \"address\": \"x\", \"headers\": {\"timeout\": \"soon\"}}",
            "header timeout must be a whole number of milliseconds"},
        {"{\"type\": \"send\", \"address\": \"x\", \"headers\": {\"localOnly\": 1}}",
            "header localOnly must be true or false"},
        {"{\"type\": \"send\", \"address\": \"x\", \"headers\": {\"codecName\": \"x\"}}",
            "header codecName is not allowed"},
        {"{\"type\": \"send\", \"address\": \"x\", \"headers\": {\"fw.seq\": {\"a\": 1}}}",
            "header fw.seq must be a string"},
        {"{\"type\": \"send\", \"address\": \"x\", \"failureCode\": \"500\"}", "failureCode must be an integer"},
    };
    try (BridgeClient peer = new BridgeClient(gateway.bridgePort());
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      for (String[] c : cases) {
        byte[] json = c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        peer.write(ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array());
        assertThat(peer.read()).as(c[0])
            .isEqualTo(new JsonObject().put("type", "err").put("message", "invalid frame: " + c[1]));
      }
      // registering twice would leave a consumer behind that outlives the connection
      JsonObject register = new JsonObject().put("type", "register").put("address", "t.poly");
      peer.send(register).send(register);
      assertThat(peer.read()).isEqualTo(new JsonObject().put("type", "err")
          .put("message", "invalid frame: already registered on t.poly on this connection"));
      peer.send(new JsonObject().put("type", "unregister").put("address", "t.poly")).send(register).sync();
      client.write("once\n");
      JsonObject frame = peer.read();
      assertThat(frame.getString("body")).isEqualTo("once");
      peer.sync();  // and no second copy came before the pong
    }
    assertThat(gateway.bridgeStats().invalidFrames.sum()).isEqualTo(13);
  }

  @Test
  void aPeerThatStopsReadingIsClosedInsteadOfBufferedWithoutBound(Vertx vertx) {
    // delivery send: no window holds the client back, so only the bridge's write queue could grow
    JsonObject listener = polyglot("5s").put("delivery", "send");
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener)).put("bridge", replyingBridge()));
    try (BridgeClient sleeper = new BridgeClient(gateway.bridgePort());
        BridgeClient reader = new BridgeClient(gateway.bridgePort());
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      sleeper.send(new JsonObject().put("type", "register").put("address", "t.poly"));
      sleeper.sync();
      String line = "x".repeat(1000) + "\n";
      StringBuilder chunk = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        chunk.append(line);
      }
      // about 1 MiB a round; the sleeper never reads: it is closed past 8 MiB queued for it
      for (int round = 0; round < 200 && gateway.bridgeStats().slowPeersClosed.sum() == 0; round++) {
        client.write(chunk.toString());
      }
      assertThat(gateway.bridgeStats().slowPeersClosed.sum()).isEqualTo(1);
      reader.sync();  // the bridge itself goes on
    }
  }

  // ---------------------------------------------------------------- permitted addresses

  @Test
  void nothingIsPermittedUnlessConfigured(Vertx vertx) {
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(polyglot("5s")))
        .put("bridge", bridge(new JsonArray(), new JsonArray())));
    try (BridgeClient peer = new BridgeClient(gateway.bridgePort())) {
      peer.send(new JsonObject().put("type", "register").put("address", "t.poly"));
      assertThat(peer.read()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
      peer.send(new JsonObject().put("type", "send").put("address", "framewire.conn.x.poly.0").put("body", "x"));
      assertThat(peer.read()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
      peer.send(new JsonObject().put("type", "publish").put("address", "framewire.broadcast.poly").put("body", "x"));
      assertThat(peer.read()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
      peer.sync();
    }
    try (TcpClient client = new TcpClient(gateway.port("poly"))) {
      client.write("anyone?\n");
      assertThat(client.readLine()).isEqualTo("ERROR NO_HANDLER no handler on t.poly");
    }
    assertThat(gateway.lines).anyMatch(line -> line.startsWith("bridge ") && line.contains("inbound=none outbound=none"));
    assertThat(gateway.bridgeStats().registrations.sum()).as("a refused register is not counted").isZero();
  }

  @Test
  void aPeerPushesToAConnectionThroughItsAddress(Vertx vertx) {
    JsonObject listener = polyglot("5s").put("delivery", "send");
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener)).put("bridge", replyingBridge()));
    try (BridgeClient peer = new BridgeClient(gateway.bridgePort());
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      peer.send(new JsonObject().put("type", "register").put("address", "t.poly"));
      peer.sync();
      client.write("hello\n");
      JsonObject frame = peer.read();
      assertThat(frame.getString("type")).isEqualTo("message");
      assertThat(frame.getString("body")).isEqualTo("hello");
      JsonObject headers = frame.getJsonObject("headers");
      assertThat(headers.getString("fw.listener")).isEqualTo("poly");
      assertThat(headers.containsKey("fw.seq")).isFalse();
      JsonObject push = new JsonObject().put("type", "send").put("address", headers.getString("fw.conn-address"))
          .put("headers", new JsonObject().put("fw.conn", headers.getString("fw.conn")));
      peer.send(push.copy().put("body", "one"));
      peer.send(push.copy().put("body", "two"));
      assertThat(client.readLine()).isEqualTo("one");
      assertThat(client.readLine()).isEqualTo("two");
    }
  }

  @Test
  void aBytesListenerSendsBase64AndTakesBase64RepliesMarkedSo(Vertx vertx) {
    JsonObject listener = polyglot("5s").put("codec", "bytes");
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener)).put("bridge", replyingBridge()));
    byte[] binary = {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0xff, (byte) 0xfe, '>', '?'};
    try (BridgeClient peer = new BridgeClient(gateway.bridgePort());
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      peer.send(new JsonObject().put("type", "register").put("address", "t.poly"));
      peer.sync();
      client.write(binary).write("\n".getBytes()).write("second\n".getBytes());
      JsonObject first = peer.read();
      JsonObject second = peer.read();
      // Vert.x's JSON form of a Buffer: base64url without padding
      assertThat(first.getString("body")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(binary));
      JsonObject headers = first.getJsonObject("headers");
      JsonObject reply = new JsonObject().put("type", "send").put("address", headers.getString("fw.conn-address"))
          .put("headers", new JsonObject().put("fw.conn", headers.getString("fw.conn"))
              .put("fw.seq", headers.getString("fw.seq")).put("fw.encoding", "base64"))
          .put("body", Base64.getEncoder().encodeToString(binary));  // the other alphabet, padded: also fine
      peer.send(reply);
      JsonObject bad = reply.copy().put("body", "not base64!");
      bad.getJsonObject("headers").put("fw.seq", second.getJsonObject("headers").getString("fw.seq"));
      peer.send(bad);
      assertThat(client.read(binary.length + 1)).isEqualTo((new String(binary, java.nio.charset.StandardCharsets.ISO_8859_1) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      assertThat(client.readLine()).startsWith("ERROR BAD_REPLY body is not base64: Illegal base64 character");
    }
    assertThat(gateway.stats("poly").requestFailures(RequestFailure.BAD_REPLY).sum()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- TLS

  @Test
  void theBridgeSpeaksTlsWithTheListenersOptions(Vertx vertx, @TempDir Path dir) throws Exception {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificate");
    TestPki server = TestPki.selfSigned(dir, "server", "/CN=localhost", "DNS:localhost");
    JsonObject bridge = replyingBridge().put("tls", new JsonObject()
        .put("certPath", server.certificate().toString()).put("keyPath", server.key().toString())
        .put("protocols", new JsonArray().add("TLSv1.3")));
    start(vertx, new JsonObject().put("listeners", new JsonArray().add(polyglot("5s"))).put("bridge", bridge));
    SSLSocket socket = (SSLSocket) server.trusting().getSocketFactory().createSocket();
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.bridgePort()), 5_000);
    socket.startHandshake();
    assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    try (BridgeClient peer = new BridgeClient(socket)) {
      peer.sync();
      // the limit sits behind TLS: it sees the decrypted frames
      peer.write(ByteBuffer.allocate(4).putInt(BridgeConfig.DEFAULT_MAX_FRAME_LENGTH + 1).array());
      assertThat(peer.read().getString("message")).startsWith("frame too large: announced 1048577 bytes");
      assertThat(peer.closedByPeer()).isTrue();
    }
  }
}
