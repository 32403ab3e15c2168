package dev.framewire.monitor;

import static dev.framewire.testutil.Configs.handler;
import static dev.framewire.testutil.Configs.tcpListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Frame;
import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.BridgeClient;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.UdpClient;
import dev.framewire.transport.ListenerStats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} after known traffic over real sockets: exact counter values for every kind that
 * loopback can provoke, and that the counters printed at stop are the same ones.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MetricsTest {
  private Gateway gateway;

  /** Throws on "boom", fails "no" with an error code, echoes anything else. */
  public static final class PickyHandler extends FrameHandlerVerticle {
    @Override
    protected void handle(Frame frame) {
      String text = frame.body();
      if (text.equals("boom")) {
        throw new IllegalStateException("boom");
      }
      if (text.equals("no")) {
        frame.fail("REFUSED", "not this one");
        return;
      }
      frame.reply(text);
    }
  }

  /** Never answers. */
  public static final class SilentHandler extends FrameHandlerVerticle {
    @Override
    protected void handle(Frame frame) {
    }
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }


  private static JsonObject verticle(Class<?> type, String address) {
    return handler("verticle", address).put("className", type.getName());
  }

  @Test
  void everyKindOfFrameAndFailureIsCountedExactly(Vertx vertx) {
    JsonObject lines = tcpListener("lines", "lines", "text", "m.echo");
    lines.getJsonObject("framing").put("maxLength", 16);
    JsonObject slow = tcpListener("slow", "lines", "text", "m.silent").put("replyTimeout", "3s");
    JsonObject config = new JsonObject()
        .put("listeners", new JsonArray().add(lines).add(tcpListener("json", "length-prefixed", "json", "m.echo"))
            .add(tcpListener("orphan", "lines", "text", "m.nobody")).add(tcpListener("picky", "lines", "text", "m.picky"))
            .add(slow))
        .put("handlers", new JsonArray().add(handler("echo", "m.echo")).add(verticle(PickyHandler.class, "m.picky"))
            .add(verticle(SilentHandler.class, "m.silent")))
        .put("http", new JsonObject().put("port", 0));
    gateway = Gateway.start(vertx, config).await();
    int http = gateway.httpPort();

    long linesOut;
    try (TcpClient c = new TcpClient(gateway.port("lines"))) {
      c.write("a\nbb\n");
      assertThat(c.readLine()).isEqualTo("a");
      assertThat(c.readLine()).isEqualTo("bb");
      c.write(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});  // not UTF-8
      String decode = c.readLine();
      assertThat(decode).startsWith("ERROR DECODE ");
      c.write("this line is longer than sixteen bytes\n");
      String oversize = c.readLine();
      assertThat(oversize).startsWith("ERROR OVERSIZE ");
      assertThat(c.closedByPeer()).isTrue();
      linesOut = "a\nbb\n".length() + decode.length() + 1 + oversize.length() + 1;  // ASCII error frames
    }
    try (TcpClient c = new TcpClient(gateway.port("json"))) {
      byte[] good = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
      byte[] bad = "{\"a\":".getBytes(StandardCharsets.UTF_8);
      c.write(ByteBuffer.allocate(4 + good.length).putInt(good.length).put(good).array());
      c.write(ByteBuffer.allocate(4 + bad.length).putInt(bad.length).put(bad).array());
      int length = ByteBuffer.wrap(c.read(4)).getInt();
      assertThat(new JsonObject(new String(c.read(length), StandardCharsets.UTF_8))).isEqualTo(new JsonObject().put("a", 1));
      length = ByteBuffer.wrap(c.read(4)).getInt();
      // a JSON listener's error frame is a JSON object
      assertThat(new JsonObject(new String(c.read(length), StandardCharsets.UTF_8)).getString("error")).isEqualTo("DECODE");
    }
    try (TcpClient c = new TcpClient(gateway.port("orphan"))) {
      c.write("anyone?\n");
      assertThat(c.readLine()).startsWith("ERROR NO_HANDLER ");
    }
    try (TcpClient c = new TcpClient(gateway.port("picky"))) {
      c.write("fine\nboom\nno\nfine again\n");
      assertThat(c.readLine()).isEqualTo("fine");
      assertThat(c.readLine()).startsWith("ERROR HANDLER_FAILURE ");
      assertThat(c.readLine()).startsWith("ERROR REFUSED ");
      assertThat(c.readLine()).isEqualTo("fine again");
    }
    try (TcpClient c = new TcpClient(gateway.port("slow"))) {
      c.write("hello?\nanyone?\n");
      // both wait; the timeout sweep samples them as in flight before it times them out
      Eventually.await(vertx, () -> gateway.stats("slow").inFlight.sum() == 2);
      assertThat(Http.scrape(http)).containsEntry("framewire_requests_in_flight{listener=\"slow\",protocol=\"tcp\"}", 2.0);
      assertThat(c.readLine()).startsWith("ERROR TIMEOUT ");
      assertThat(c.readLine()).startsWith("ERROR TIMEOUT ");
    }
    Eventually.await(vertx, () -> gateway.stats("slow").connectionsClosed.sum() == 1
        && gateway.stats("picky").connectionsClosed.sum() == 1 && gateway.stats("orphan").connectionsClosed.sum() == 1
        && gateway.stats("json").connectionsClosed.sum() == 1 && gateway.stats("lines").connectionsClosed.sum() == 1
        && gateway.stats("slow").inFlight.sum() == 0);

    Map<String, Double> m = Http.scrape(http);
    String lt = "{listener=\"lines\",protocol=\"tcp\"}";
    assertThat(m).containsEntry("framewire_connections_accepted_total" + lt, 1.0)
        .containsEntry("framewire_connections_closed_total" + lt, 1.0)
        .containsEntry("framewire_connections_open" + lt, 0.0)
        // "a", "bb" and the bad UTF-8 line; the oversized line never became a frame
        .containsEntry("framewire_frames_received_total" + lt, 3.0)
        .containsEntry("framewire_bytes_received_total" + lt, 5.0 + 3 + 39)
        .containsEntry("framewire_frames_sent_total{kind=\"reply\",listener=\"lines\",protocol=\"tcp\"}", 2.0)
        .containsEntry("framewire_frames_sent_total{kind=\"error\",listener=\"lines\",protocol=\"tcp\"}", 2.0)
        .containsEntry("framewire_decode_errors_total" + lt, 1.0)
        .containsEntry("framewire_frames_oversized_total" + lt, 1.0);
    assertThat(m).containsEntry("framewire_bytes_sent_total" + lt, (double) linesOut);

    String jt = "{listener=\"json\",protocol=\"tcp\"}";
    assertThat(m).containsEntry("framewire_frames_received_total" + jt, 2.0)
        .containsEntry("framewire_decode_errors_total" + jt, 1.0)
        .containsEntry("framewire_frames_sent_total{kind=\"reply\",listener=\"json\",protocol=\"tcp\"}", 1.0)
        .containsEntry("framewire_frames_sent_total{kind=\"error\",listener=\"json\",protocol=\"tcp\"}", 1.0);

    assertThat(m).containsEntry("framewire_request_failures_total{kind=\"no_handler\",listener=\"orphan\",protocol=\"tcp\"}", 1.0)
        .containsEntry("framewire_request_failures_total{kind=\"handler_failure\",listener=\"picky\",protocol=\"tcp\"}", 1.0)
        .containsEntry("framewire_request_failures_total{kind=\"timeout\",listener=\"slow\",protocol=\"tcp\"}", 2.0)
        .containsEntry("framewire_request_failures_total{kind=\"timeout\",listener=\"picky\",protocol=\"tcp\"}", 0.0)
        .containsEntry("framewire_requests_in_flight{listener=\"slow\",protocol=\"tcp\"}", 0.0)
        .containsEntry("framewire_frames_sent_total{kind=\"error\",listener=\"picky\",protocol=\"tcp\"}", 2.0);

    // per handler: echo took "a", "bb" (lines) and one JSON object; picky took 4 and failed 2
    assertThat(m).containsEntry("framewire_handler_frames_total{handler=\"m.echo\"}", 3.0)
        .containsEntry("framewire_handler_failures_total{handler=\"m.echo\"}", 0.0)
        .containsEntry("framewire_handler_latency_seconds_count{handler=\"m.echo\"}", 3.0)
        .containsEntry("framewire_handler_frames_total{handler=\"m.picky\"}", 4.0)
        .containsEntry("framewire_handler_failures_total{handler=\"m.picky\"}", 2.0)
        .containsEntry("framewire_handler_latency_seconds_count{handler=\"m.picky\"}", 4.0)
        .containsEntry("framewire_handler_latency_seconds_bucket{handler=\"m.picky\",le=\"+Inf\"}", 4.0)
        .containsEntry("framewire_handler_frames_total{handler=\"m.silent\"}", 2.0)
        .containsEntry("framewire_handler_latency_seconds_count{handler=\"m.silent\"}", 0.0);

    // the same counters are what the process prints at stop
    assertThat(gateway.stats("lines").toString()).contains("framesIn=3 bytesIn=47 bytesOut=" + linesOut);
  }

  @Test
  void udpCountsDatagramsBytesAndBusyExactly(Vertx vertx) {
    JsonObject udp = new JsonObject().put("name", "dgram").put("protocol", "udp").put("port", 0)
        .put("framing", new JsonObject().put("type", "datagram")).put("codec", "text").put("address", "m.silent")
        .put("maxInFlight", 2).put("replyTimeout", "30s");
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(udp))
        .put("handlers", new JsonArray().add(verticle(SilentHandler.class, "m.silent")))
        .put("http", new JsonObject().put("port", 0))).await();
    try (UdpClient c = new UdpClient(gateway.port("dgram"))) {
      c.send("one").send("two").send("three");
      // two wait for a handler that never answers; the third is over maxInFlight
      String busy = c.receiveText();
      assertThat(busy).startsWith("ERROR BUSY ");
      Eventually.await(vertx, () -> gateway.stats("dgram").inFlight.sum() == 2);
      Map<String, Double> m = Http.scrape(gateway.httpPort());
      String t = "{listener=\"dgram\",protocol=\"udp\"}";
      assertThat(m).containsEntry("framewire_frames_received_total" + t, 3.0)
          .containsEntry("framewire_bytes_received_total" + t, 11.0)
          .containsEntry("framewire_bytes_sent_total" + t, (double) busy.length())
          .containsEntry("framewire_request_failures_total{kind=\"busy\",listener=\"dgram\",protocol=\"udp\"}", 1.0)
          .containsEntry("framewire_frames_sent_total{kind=\"error\",listener=\"dgram\",protocol=\"udp\"}", 1.0)
          .containsEntry("framewire_requests_in_flight" + t, 2.0)
          .containsEntry("framewire_udp_kernel_drops_total" + t, 0.0);
    }
  }

  @Test
  void everyKindOfRequestFailureIsASeriesOfItsOwnAndADashboardError(Vertx vertx) {
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(tcpListener("lines", "lines", "text", "m.echo")))
        .put("handlers", new JsonArray().add(handler("echo", "m.echo")))
        .put("http", new JsonObject().put("port", 0))).await();
    ListenerStats stats = gateway.stats("lines");
    int n = 1;
    for (ListenerStats.RequestFailure kind : ListenerStats.RequestFailure.values()) {
      stats.requestFailures(kind).add(n++);
    }
    Map<String, Double> m = Http.scrape(gateway.httpPort());
    Map<String, Double> failures = new TreeMap<>();
    m.forEach((series, value) -> {
      if (series.startsWith("framewire_request_failures_total{")) {
        failures.put(series, value);
      }
    });
    String t = "\",listener=\"lines\",protocol=\"tcp\"}";
    assertThat(failures).isEqualTo(Map.of(
        "framewire_request_failures_total{kind=\"no_handler" + t, 1.0,
        "framewire_request_failures_total{kind=\"unreachable" + t, 2.0,
        "framewire_request_failures_total{kind=\"timeout" + t, 3.0,
        "framewire_request_failures_total{kind=\"handler_failure" + t, 4.0,
        "framewire_request_failures_total{kind=\"bad_reply" + t, 5.0,
        "framewire_request_failures_total{kind=\"busy" + t, 6.0));

    // the dashboard counts every one of them among the listener's errors
    JsonObject snapshot = new JsonObject(Http.get(gateway.httpPort(), "/api/snapshot").body());
    assertThat(snapshot.getJsonArray("listeners").getJsonObject(0).getJsonObject("totals").getLong("errors"))
        .isEqualTo(1 + 2 + 3 + 4 + 5 + 6);
  }

  @Test
  void backPressureTimeIsCounted(Vertx vertx) {
    // one frame in flight at a time, each answered 50 ms later: the connection stops reading in between
    JsonObject lines = tcpListener("lines", "lines", "text", "m.slow").put("maxInFlight", 1);
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(lines))
        .put("handlers", new JsonArray().add(handler("echo", "m.slow").put("delay", "50ms")))
        .put("http", new JsonObject().put("port", 0))).await();
    try (TcpClient c = new TcpClient(gateway.port("lines"))) {
      c.write("1\n2\n3\n4\n");
      for (int i = 1; i <= 4; i++) {
        assertThat(c.readLine()).isEqualTo(Integer.toString(i));
      }
    }
    Eventually.await(vertx, () -> gateway.stats("lines").connectionsClosed.sum() == 1);
    // frames 2, 3 and 4 each waited at least the 50 ms of the one before
    assertThat(Http.scrape(gateway.httpPort()).get("framewire_paused_seconds_total{listener=\"lines\",protocol=\"tcp\"}"))
        .isGreaterThanOrEqualTo(0.150);
  }

  @Test
  void bridgePeersAndTheirFramesAreCounted(Vertx vertx) {
    JsonObject poly = tcpListener("poly", "lines", "text", "m.poly");
    JsonObject bridge = new JsonObject().put("port", 0)
        .put("inbound", new JsonArray().add(new JsonObject().put("addressRegex", "framewire\\.conn\\..+")))
        .put("outbound", new JsonArray().add("m.poly"));
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(poly)).put("bridge", bridge)
        .put("http", new JsonObject().put("port", 0))).await();
    try (BridgeClient peer = new BridgeClient(gateway.bridgePort());
        TcpClient client = new TcpClient(gateway.port("poly"))) {
      peer.send(new JsonObject().put("type", "register").put("address", "m.poly"));
      peer.sync();
      Eventually.await(vertx, () -> gateway.bridgeStats().registrations.sum() == 1);
      assertThat(Http.scrape(gateway.httpPort())).containsEntry("framewire_bridge_peers", 1.0);
      client.write("hi\n");
      JsonObject headers = peer.read().getJsonObject("headers");
      peer.send(new JsonObject().put("type", "send").put("address", headers.getString("fw.conn-address"))
          .put("headers", new JsonObject().put("fw.conn", headers.getString("fw.conn"))
              .put("fw.seq", headers.getString("fw.seq")))
          .put("body", "HI"));
      assertThat(client.readLine()).isEqualTo("HI");
      peer.send(new JsonObject().put("type", "dance"));  // refused with an error frame; the peer goes on
      assertThat(peer.read().getString("type")).isEqualTo("err");
      peer.sync();
    }
    Eventually.await(vertx, () -> gateway.bridgeStats().connectionsClosed.sum() == 1);
    Map<String, Double> m = Http.scrape(gateway.httpPort());
    assertThat(m).containsEntry("framewire_bridge_peers", 0.0)
        .containsEntry("framewire_bridge_connections_total", 1.0)
        .containsEntry("framewire_bridge_frames_sent_total", 1.0)      // the frame to the peer
        .containsEntry("framewire_bridge_frames_received_total", 1.0)  // its reply
        .containsEntry("framewire_bridge_frames_refused_total{reason=\"invalid\"}", 1.0)
        .containsEntry("framewire_bridge_frames_refused_total{reason=\"oversize\"}", 0.0)
        .containsEntry("framewire_bridge_peers_closed_total{reason=\"slow\"}", 0.0);
  }

  @Test
  void aTokenGuardsEverythingButTheProbes(Vertx vertx) {
    String token = "0123456789abcdef-token";
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(tcpListener("lines", "lines", "text", "m.echo")))
        .put("handlers", new JsonArray().add(handler("echo", "m.echo")))
        .put("http", new JsonObject().put("port", 0).put("token", token))).await();
    int http = gateway.httpPort();
    assertThat(Http.get(http, "/metrics").statusCode()).isEqualTo(401);
    assertThat(Http.get(http, "/metrics", "Authorization", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
    assertThat(Http.get(http, "/metrics", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    assertThat(Http.get(http, "/health").statusCode()).isEqualTo(200);
    assertThat(Http.get(http, "/ready").statusCode()).isEqualTo(200);
  }
}
