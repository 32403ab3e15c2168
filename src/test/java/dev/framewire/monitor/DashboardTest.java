package dev.framewire.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.UdpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's JSON over real sockets: the snapshot's exact per-connection figures, closing a
 * connection, the tail, what is refused when actions, tail or the token say so, and the stream.
 * (The page itself is driven in a browser by {@link DashboardBrowserTest}.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class DashboardTest {
  private static final String TOKEN = "0123456789abcdef-dashboard";
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject config(JsonObject http) {
    JsonObject lines = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", "d.echo");
    JsonObject udp = new JsonObject().put("name", "udp").put("protocol", "udp").put("port", 0)
        .put("framing", new JsonObject().put("type", "datagram")).put("codec", "text").put("address", "d.echo");
    return new JsonObject().put("listeners", new JsonArray().add(lines).add(udp))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "d.echo")))
        .put("http", http.put("port", 0));
  }

  private static JsonObject json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }

  private JsonObject snapshot(String... headers) {
    return json(Http.get(gateway.httpPort(), "/api/snapshot", headers), 200);
  }

  private static JsonObject listener(JsonObject snapshot, String name) {
    return snapshot.getJsonArray("listeners").stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("name").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theSnapshotCountsEachConnectionAndCloseClosesItsSocket(Vertx vertx) {
    gateway = Gateway.start(vertx, config(new JsonObject().put("actions", true))).await();
    try (TcpClient a = new TcpClient(gateway.port("lines")); TcpClient b = new TcpClient(gateway.port("lines"))) {
      a.write("one\ntwo\n");
      assertThat(a.readLine()).isEqualTo("one");
      assertThat(a.readLine()).isEqualTo("two");
      b.write("three\n");
      assertThat(b.readLine()).isEqualTo("three");

      JsonObject s = snapshot();
      assertThat(s.getBoolean("actions")).isTrue();
      assertThat(s.getBoolean("tail")).isFalse();
      assertThat(s.getInteger("connectionsOpen")).isEqualTo(2);
      JsonObject lines = listener(s, "lines");
      assertThat(lines.getString("address")).isEqualTo("127.0.0.1:" + gateway.port("lines"));
      assertThat(lines.getString("framing")).isEqualTo("lines");
      assertThat(lines.getString("codec")).isEqualTo("text");
      assertThat(lines.getInteger("open")).isEqualTo(2);
      assertThat(lines.getJsonObject("totals")).isEqualTo(new JsonObject().put("framesIn", 3).put("framesOut", 3)
          .put("bytesIn", 14).put("bytesOut", 14).put("errors", 0));
      assertThat(listener(s, "udp").getValue("open")).isNull();

      String aRemote = "127.0.0.1:" + a.socket().getLocalPort();
      JsonObject ca = connection(s, aRemote);
      assertThat(ca.getString("listener")).isEqualTo("lines");
      assertThat(ca.getString("id")).startsWith(gateway.nodeId() + ".lines.");
      assertThat(List.of(ca.getLong("framesIn"), ca.getLong("framesOut"), ca.getLong("bytesIn"), ca.getLong("bytesOut")))
          .containsExactly(2L, 2L, 8L, 8L);
      JsonObject cb = connection(s, "127.0.0.1:" + b.socket().getLocalPort());
      assertThat(List.of(cb.getLong("framesIn"), cb.getLong("framesOut"), cb.getLong("bytesIn"), cb.getLong("bytesOut")))
          .containsExactly(1L, 1L, 6L, 6L);

      // another site's page may not close connections; an unknown id is 404
      int http = gateway.httpPort();
      assertThat(Http.post(http, "/api/connections/" + ca.getString("id") + "/close",
          "Origin", "http://elsewhere.example").statusCode()).isEqualTo(403);
      assertThat(json(Http.post(http, "/api/connections/" + gateway.nodeId() + ".lines.0.999/close"), 404)
          .getString("error")).startsWith("no open connection");

      assertThat(json(Http.post(http, "/api/connections/" + ca.getString("id") + "/close",
          "Origin", "http://127.0.0.1:" + http), 200).getString("closed")).isEqualTo(ca.getString("id"));
      assertThat(a.closedByPeer()).isTrue();
      Eventually.await(vertx, () -> gateway.stats("lines").connectionsClosed.sum() == 1);
      // the other connection is untouched
      b.write("four\n");
      assertThat(b.readLine()).isEqualTo("four");
      JsonObject after = snapshot();
      assertThat(after.getInteger("connectionsOpen")).isEqualTo(1);
      assertThat(after.getJsonArray("connections").getJsonObject(0).getString("id")).isEqualTo(cb.getString("id"));
    }
  }

  /**
   * Past {@link Dashboard#MAX_CONNECTIONS}, the snapshot lists that many, the oldest, in order, and
   * counts them all: each instance picks its own oldest, and the listener merges them.
   */
  @Test
  void theSnapshotListsTheOldestConnectionsAndCountsThemAll(Vertx vertx) {
    JsonObject config = config(new JsonObject());
    config.getJsonArray("listeners").getJsonObject(0).put("instances", 2);
    gateway = Gateway.start(vertx, config).await();
    int port = gateway.port("lines");
    List<TcpClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < Dashboard.MAX_CONNECTIONS; i++) {
        clients.add(new TcpClient(port));
      }
      Eventually.await(vertx, () -> gateway.openConnections("lines") == Dashboard.MAX_CONNECTIONS);
      // the clock moves on: the last three are younger than every one before them
      long firstOpened = System.currentTimeMillis();
      vertx.timer(5).await();
      Set<String> youngest = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        TcpClient late = new TcpClient(port);
        clients.add(late);
        youngest.add("127.0.0.1:" + late.socket().getLocalPort());
      }
      Eventually.await(vertx, () -> gateway.openConnections("lines") == Dashboard.MAX_CONNECTIONS + 3);

      JsonObject s = snapshot();
      assertThat(s.getInteger("connectionsOpen")).isEqualTo(Dashboard.MAX_CONNECTIONS + 3);
      assertThat(listener(s, "lines").getInteger("open")).isEqualTo(Dashboard.MAX_CONNECTIONS + 3);
      List<JsonObject> listed = s.getJsonArray("connections").stream().map(JsonObject.class::cast).toList();
      assertThat(listed).hasSize(Dashboard.MAX_CONNECTIONS);
      assertThat(listed).extracting(c -> c.getString("remote")).doesNotContainAnyElementsOf(youngest)
          .doesNotHaveDuplicates();
      assertThat(listed).allSatisfy(c -> assertThat(c.getLong("openedAt")).isLessThanOrEqualTo(firstOpened));
      assertThat(listed).isSortedAccordingTo(Comparator.<JsonObject>comparingLong(c -> c.getLong("openedAt"))
          .thenComparing(c -> c.getString("id")));
    } finally {
      clients.forEach(TcpClient::close);
    }
  }

  private static JsonObject connection(JsonObject snapshot, String remote) {
    return snapshot.getJsonArray("connections").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("remote").equals(remote)).findFirst()
        .orElseThrow(() -> new AssertionError("no connection from " + remote + " in " + snapshot));
  }

  @Test
  void ratesBecomeNonZeroWhileFramesFlow(Vertx vertx) {
    gateway = Gateway.start(vertx, config(new JsonObject())).await();
    try (TcpClient c = new TcpClient(gateway.port("lines"))) {
      // bounded in count and time: round trips until a one-second sample has seen some of them
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int sent = 0;
      JsonObject rates = null;
      while (sent < 200_000 && System.nanoTime() < deadline) {
        c.write("x\n");
        assertThat(c.readLine()).isEqualTo("x");
        sent++;
        if (sent % 50 == 0) {
          rates = listener(snapshot(), "lines").getJsonObject("rates");
          if (rates.getDouble("framesIn") > 0 && rates.getDouble("framesOut") > 0) {
            break;
          }
        }
      }
      assertThat(rates.getDouble("framesIn")).isPositive();
      assertThat(rates.getDouble("bytesIn")).isPositive();
      assertThat(rates.getDouble("errors")).isZero();
    }
  }

  @Test
  void actionsAndTailAreOffUnlessTheConfigTurnsThemOn(Vertx vertx) {
    gateway = Gateway.start(vertx, config(new JsonObject())).await();
    int http = gateway.httpPort();
    try (TcpClient c = new TcpClient(gateway.port("lines"))) {
      c.write("hi\n");
      assertThat(c.readLine()).isEqualTo("hi");
      String id = snapshot().getJsonArray("connections").getJsonObject(0).getString("id");
      assertThat(json(Http.post(http, "/api/connections/" + id + "/close"), 403).getString("error"))
          .contains("http.actions");
      assertThat(json(Http.get(http, "/api/listeners/lines/tail"), 403).getString("error")).contains("http.tail");
      c.write("still open\n");
      assertThat(c.readLine()).isEqualTo("still open");
    }
  }

  @Test
  void theTailShowsTheFramesReceivedWhileSomeoneWatches(Vertx vertx) {
    gateway = Gateway.start(vertx, config(new JsonObject().put("tail", true))).await();
    int http = gateway.httpPort();
    assertThat(Http.get(http, "/api/listeners/nope/tail").statusCode()).isEqualTo(404);
    try (TcpClient c = new TcpClient(gateway.port("lines"))) {
      c.write("before\n");
      assertThat(c.readLine()).isEqualTo("before");
      // nobody watched: nothing was kept
      assertThat(json(Http.get(http, "/api/listeners/lines/tail"), 200).getJsonArray("frames")).isEmpty();
      String big = "b".repeat(300);
      c.write("secret\n" + big + "\n");
      assertThat(c.readLine()).isEqualTo("secret");
      assertThat(c.readLine()).isEqualTo(big);
      JsonArray frames = json(Http.get(http, "/api/listeners/lines/tail"), 200).getJsonArray("frames");
      assertThat(frames).hasSize(2);
      JsonObject first = frames.getJsonObject(0);
      assertThat(first.getString("hex")).isEqualTo(HexFormat.of().formatHex("secret".getBytes(StandardCharsets.UTF_8)));
      assertThat(first.getInteger("length")).isEqualTo(6);
      assertThat(first.getString("remote")).isEqualTo("127.0.0.1:" + c.socket().getLocalPort());
      JsonObject second = frames.getJsonObject(1);
      assertThat(second.getInteger("length")).isEqualTo(300);
      assertThat(second.getString("hex")).isEqualTo("62".repeat(256));
    }
    // UDP frames go through the same tail: the sender is the "connection"
    assertThat(json(Http.get(http, "/api/listeners/udp/tail"), 200).getJsonArray("frames")).isEmpty();
    try (UdpClient u = new UdpClient(gateway.port("udp"))) {
      assertThat(u.roundTrip("datagram")).isEqualTo("datagram");
      JsonArray frames = json(Http.get(http, "/api/listeners/udp/tail"), 200).getJsonArray("frames");
      assertThat(frames).hasSize(1);
      assertThat(frames.getJsonObject(0).getString("hex"))
          .isEqualTo(HexFormat.of().formatHex("datagram".getBytes(StandardCharsets.UTF_8)));
      assertThat(frames.getJsonObject(0).getString("remote")).isEqualTo("127.0.0.1:" + u.localPort());
    }
  }

  @Test
  void withATokenThePageLoadsButTheDataNeedsIt(Vertx vertx) {
    gateway = Gateway.start(vertx, config(new JsonObject().put("token", TOKEN).put("actions", true))).await();
    int http = gateway.httpPort();
    HttpResponse<String> page = Http.get(http, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Framewire</title>").doesNotContain("http://", "https://");
    // self-contained: nothing fetched from elsewhere (many production hosts have no internet)
    for (String asset : List.of("/ui/dashboard.js", "/ui/dashboard.css")) {
      HttpResponse<String> response = Http.get(http, asset);
      assertThat(response.statusCode()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).doesNotContain("http://", "https://", "//cdn");
    }
    assertThat(Http.get(http, "/api/snapshot").statusCode()).isEqualTo(401);
    assertThat(Http.get(http, "/api/stream").statusCode()).isEqualTo(401);
    assertThat(Http.get(http, "/api/snapshot?token=" + TOKEN).statusCode()).isEqualTo(401);
    assertThat(Http.post(http, "/api/connections/x/close").statusCode()).isEqualTo(401);
    assertThat(snapshot("Authorization", "Bearer " + TOKEN).getBoolean("actions")).isTrue();
  }

  @Test
  void theStreamSendsASnapshotEverySecond(Vertx vertx) throws Exception {
    gateway = Gateway.start(vertx, config(new JsonObject())).await();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/stream"))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<JsonObject> events = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      // the first comes at once, the next on the next tick; the test's timeout bounds the reads
      while (events.size() < 3) {
        String line = in.readLine();
        assertThat(line).isNotNull();
        if (line.startsWith("data: ")) {
          events.add(new JsonObject(line.substring(6)));
        } else {
          assertThat(line).isEmpty();
        }
      }
    }
    assertThat(events).allSatisfy(e -> assertThat(e.getJsonArray("listeners")).hasSize(2));
    assertThat(events.get(2).getLong("time")).isGreaterThan(events.get(1).getLong("time"));
  }
}
