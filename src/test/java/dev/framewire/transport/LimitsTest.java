package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Configs;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.UdpClient;
import dev.framewire.transport.ListenerStats.DatagramRefusal;
import dev.framewire.transport.ListenerStats.LimitClosure;
import dev.framewire.transport.ListenerStats.Rejection;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listener's admission and limits over real sockets: who may connect or send, how many
 * connections it holds, and how long. A second loopback source is 127.0.0.2 (Linux routes all of
 * 127/8 to lo).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class LimitsTest {
  private Gateway gateway;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject lines(String name) {
    return Configs.tcpListener(name, "lines", "text", "t." + name);
  }

  private void start(Vertx vertx, JsonArray listeners, JsonArray handlers, JsonObject extra) {
    JsonObject config = new JsonObject().put("listeners", listeners).put("handlers", handlers).mergeIn(extra);
    gateway = Gateway.start(vertx, config).await();
  }

  private void start(Vertx vertx, JsonObject listener) {
    start(vertx, new JsonArray().add(listener),
        new JsonArray().add(Configs.handler("echo", listener.getString("address"))), new JsonObject());
  }

  private TcpClient connect(String listener) {
    return keep(new TcpClient(gateway.port(listener)));
  }

  private TcpClient connectFrom(String source, String listener) {
    return keep(TcpClient.from(source, "127.0.0.1", gateway.port(listener)));
  }

  private <T extends AutoCloseable> T keep(T client) {
    clients.add(client);
    return client;
  }

  private static String echo(TcpClient client, String line) {
    client.write(line + "\n");
    return client.readLine();
  }

  // ---- allow / deny -----------------------------------------------------------------------------

  @Test
  void aDeniedPeerIsClosedAtOnceAndCountedAndAnAllowedOneIsServed(Vertx vertx) {
    start(vertx, new JsonArray().add(lines("edge").put("deny", new JsonArray().add("127.0.0.2/32"))),
        new JsonArray().add(Configs.handler("echo", "t.edge")), new JsonObject().put("http", new JsonObject().put("port", 0)));
    TcpClient denied = connectFrom("127.0.0.2", "edge");
    TcpClient allowed = connect("edge");

    assertThat(denied.closedByPeer()).isTrue();
    assertThat(echo(allowed, "hello")).isEqualTo("hello");
    ListenerStats stats = gateway.stats("edge");
    assertThat(stats.rejected(Rejection.DENIED).sum()).isEqualTo(1);
    assertThat(stats.rejectedTotal()).isEqualTo(1);
    assertThat(stats.connectionsOpened.sum()).as("a refused connection is never opened").isEqualTo(1);
    assertThat(stats.framesIn.sum()).isEqualTo(1);
    assertThat(Http.scrape(gateway.httpPort()))
        .containsEntry("framewire_connections_rejected_total{listener=\"edge\",protocol=\"tcp\",reason=\"denied\"}", 1.0)
        .containsEntry("framewire_connections_rejected_total{listener=\"edge\",protocol=\"tcp\",reason=\"max_connections\"}",
            0.0)
        .containsEntry("framewire_process_connections_open", 1.0)
        .containsEntry("framewire_process_connections_max", (double) ProcessConnections.defaultMax(
            ProcessConnections.openFilesLimit()));
  }

  @Test
  void aUdpDatagramFromOutsideTheAllowListIsDroppedAndCountedWhileAnAllowedSenderIsAnswered(Vertx vertx) {
    JsonObject udp = new JsonObject().put("name", "stats").put("protocol", "udp").put("port", 0)
        .put("codec", "text").put("address", "t.stats").put("allow", new JsonArray().add("127.0.0.1"));
    start(vertx, udp);
    UdpClient outsider = keep(new UdpClient("127.0.0.2", "127.0.0.1", gateway.port("stats")));
    UdpClient insider = keep(new UdpClient(gateway.port("stats")));

    outsider.send("from outside");
    assertThat(insider.roundTrip("from inside")).isEqualTo("from inside");
    ListenerStats stats = gateway.stats("stats");
    Eventually.await(vertx, () -> stats.datagramsRefused(DatagramRefusal.DENIED).sum() == 1);
    assertThat(stats.framesIn.sum()).as("only the allowed datagram became a frame").isEqualTo(1);
    assertThat(stats.repliesOut.sum()).isEqualTo(1);
    assertThat(stats.datagramsRefused(DatagramRefusal.RATE_LIMITED).sum()).isZero();
  }

  // ---- connection caps ----------------------------------------------------------------------------

  @Test
  void pastMaxConnectionsTheNextIsClosedAndTheFirstKeepWorking(Vertx vertx) {
    start(vertx, lines("capped").put("maxConnections", 3));
    List<TcpClient> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TcpClient client = connect("capped");
      assertThat(echo(client, "c" + i)).isEqualTo("c" + i);
      first.add(client);
    }
    TcpClient fourth = connect("capped");
    assertThat(fourth.closedByPeer()).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(echo(first.get(i), "again" + i)).isEqualTo("again" + i);
    }
    ListenerStats stats = gateway.stats("capped");
    assertThat(stats.rejected(Rejection.LISTENER_LIMIT).sum()).isEqualTo(1);
    assertThat(gateway.openConnections("capped")).isEqualTo(3);

    // the counts return to zero once the clients close, and the cap admits as many again
    first.forEach(TcpClient::close);
    Eventually.await(vertx, () -> stats.connectionsClosed.sum() == 3);
    assertThat(gateway.openConnections("capped")).isZero();
    assertThat(gateway.processConnections()).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(echo(connect("capped"), "later" + i)).isEqualTo("later" + i);
    }
    assertThat(stats.rejected(Rejection.LISTENER_LIMIT).sum()).isEqualTo(1);
  }

  @Test
  void maxConnectionsPerSourceCountsEachAddressApart(Vertx vertx) {
    start(vertx, lines("per").put("maxConnectionsPerSource", 2));
    TcpClient a1 = connect("per");
    TcpClient a2 = connect("per");
    assertThat(echo(a1, "a1")).isEqualTo("a1");
    assertThat(echo(a2, "a2")).isEqualTo("a2");
    TcpClient a3 = connect("per");
    assertThat(a3.closedByPeer()).isTrue();
    TcpClient b1 = connectFrom("127.0.0.2", "per");
    assertThat(echo(b1, "b1")).as("another source has its own count").isEqualTo("b1");
    assertThat(gateway.stats("per").rejected(Rejection.SOURCE_LIMIT).sum()).isEqualTo(1);

    a1.close();
    Eventually.await(vertx, () -> gateway.stats("per").connectionsClosed.sum() == 1);
    assertThat(echo(connect("per"), "a4")).as("a closed connection gives its place back").isEqualTo("a4");
    a2.close();
    b1.close();
  }

  @Test
  void anIpv6SourceIsCountedApartFromIpv4OnADualStackListener(Vertx vertx) throws IOException {
    Assumptions.assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
    start(vertx, lines("dual").put("host", "::").put("maxConnectionsPerSource", 1));
    int port = gateway.port("dual");
    TcpClient v6 = keep(TcpClient.from("::1", "::1", port));
    assertThat(echo(v6, "six")).isEqualTo("six");
    TcpClient v6again = keep(TcpClient.from("::1", "::1", port));
    assertThat(v6again.closedByPeer()).isTrue();
    TcpClient v4 = connect("dual");
    assertThat(echo(v4, "four")).isEqualTo("four");
    assertThat(gateway.stats("dual").rejected(Rejection.SOURCE_LIMIT).sum()).isEqualTo(1);
  }

  private static boolean ipv6Loopback() {
    try (DatagramSocket probe = new DatagramSocket(null)) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void theProcessCapCountsEveryListenerTogether(Vertx vertx) {
    start(vertx, new JsonArray().add(lines("one")).add(lines("two")),
        new JsonArray().add(Configs.handler("echo", "t.one")).add(Configs.handler("echo", "t.two")),
        new JsonObject().put("limits", new JsonObject().put("maxConnections", 2)));
    TcpClient one = connect("one");
    TcpClient two = connect("two");
    assertThat(echo(one, "1")).isEqualTo("1");
    assertThat(echo(two, "2")).isEqualTo("2");
    assertThat(connect("two").closedByPeer()).isTrue();
    assertThat(connect("one").closedByPeer()).isTrue();
    assertThat(gateway.stats("one").rejected(Rejection.PROCESS_LIMIT).sum()).isEqualTo(1);
    assertThat(gateway.stats("two").rejected(Rejection.PROCESS_LIMIT).sum()).isEqualTo(1);
    assertThat(gateway.processConnections()).isEqualTo(2);
    one.close();
    two.close();
    Eventually.await(vertx, () -> gateway.processConnections() == 0);
    assertThat(gateway.openConnections("one")).isZero();
    assertThat(gateway.openConnections("two")).isZero();
  }

  // ---- time limits ----------------------------------------------------------------------------

  /** replyTimeout 800ms: the sweep runs every 100 ms. */
  private static JsonObject timed(String name) {
    return lines(name).put("replyTimeout", "800ms");
  }

  @Test
  void frameTimeoutClosesAConnectionHoldingHalfALineWhileAGoodClientIsServed(Vertx vertx) {
    start(vertx, timed("slow").put("frameTimeout", "300ms"));
    TcpClient good = connect("slow");
    TcpClient loris = connect("slow");
    assertThat(echo(loris, "whole")).isEqualTo("whole");
    long sent = System.nanoTime();
    loris.write("half a li");

    assertThat(loris.closedByPeer()).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("not before frameTimeout")
        .isGreaterThanOrEqualTo(300);
    assertThat(echo(good, "still here")).isEqualTo("still here");
    ListenerStats stats = gateway.stats("slow");
    Eventually.await(vertx, () -> stats.connectionsClosed.sum() == 1);
    assertThat(stats.closedByLimit(LimitClosure.FRAME_TIMEOUT).sum()).isEqualTo(1);
    assertThat(stats.truncatedAtEnd.sum()).isZero();
  }

  @Test
  void aFrameThatEndsRestartsTheFrameClock(Vertx vertx) {
    start(vertx, timed("steady").put("frameTimeout", "1s"));
    TcpClient client = connect("steady");
    // always half a line held for 2.4 s, twice the timeout, but every half ends within 200 ms (a
    // fifth of the timeout, so a loaded machine does not make it one): never a timeout
    client.write("p0");
    long start = System.nanoTime();
    int i = 0;
    while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(2400) && i < 100) {
      vertx.timer(200, TimeUnit.MILLISECONDS).await();
      client.write("\np" + (i + 1));
      assertThat(client.readLine()).isEqualTo("p" + i);
      i++;
    }
    assertThat(echo(client, "")).isEqualTo("p" + i);
    assertThat(gateway.stats("steady").closedByLimit(LimitClosure.FRAME_TIMEOUT).sum()).isZero();
  }

  @Test
  void idleTimeoutClosesAQuietConnection(Vertx vertx) {
    start(vertx, timed("quiet").put("idleTimeout", "300ms"));
    TcpClient client = connect("quiet");
    // the clock starts before the echo: the listener's own clock starts when it writes the reply,
    // which may be a millisecond before the client has read it
    long sent = System.nanoTime();
    assertThat(echo(client, "hi")).isEqualTo("hi");
    assertThat(client.closedByPeer()).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("not before idleTimeout")
        .isGreaterThanOrEqualTo(300);
    ListenerStats stats = gateway.stats("quiet");
    Eventually.await(vertx, () -> stats.connectionsClosed.sum() == 1);
    assertThat(stats.closedByLimit(LimitClosure.IDLE_TIMEOUT).sum()).isEqualTo(1);
    assertThat(gateway.openConnections("quiet")).isZero();
  }

  @Test
  void maxConnectionAgeClosesOnlyAfterTheRepliesOwedAreWritten(Vertx vertx) {
    JsonObject listener = lines("aged").put("replyTimeout", "5s").put("maxConnectionAge", "300ms");
    start(vertx, new JsonArray().add(listener),
        new JsonArray().add(Configs.handler("echo", "t.aged").put("delay", "800ms")), new JsonObject());
    TcpClient client = connect("aged");
    client.write("one\ntwo\n");

    // the age is reached while both wait for their replies: they are written, then the connection closes
    assertThat(client.readLine()).isEqualTo("one");
    assertThat(client.readLine()).isEqualTo("two");
    assertThat(client.closedByPeer()).isTrue();
    ListenerStats stats = gateway.stats("aged");
    Eventually.await(vertx, () -> stats.connectionsClosed.sum() == 1);
    assertThat(stats.closedByLimit(LimitClosure.MAX_AGE).sum()).isEqualTo(1);
    assertThat(stats.repliesOut.sum()).isEqualTo(2);
    assertThat(stats.undeliverable.sum()).isZero();
    assertThat(stats.requestFailures(RequestFailure.TIMEOUT).sum()).isZero();
  }

  // ---- rates ----------------------------------------------------------------------------------

  @Test
  void maxFramesPerSecondDelaysReadingButAnswersEveryFrameInOrder(Vertx vertx) {
    // maxInFlight 1: the window fills and frees after every frame; freeing it must not resume a rate pause
    JsonObject listener = lines("rated").put("maxFramesPerSecond", 5).put("maxInFlight", 1);
    start(vertx, new JsonArray().add(listener),
        new JsonArray().add(Configs.handler("echo", "t.rated").put("delay", "10ms")), new JsonObject());
    TcpClient client = connect("rated");
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 13; i++) {
      burst.append("f").append(i).append('\n');
    }
    long start = System.nanoTime();
    client.write(burst.toString());
    for (int i = 0; i < 13; i++) {
      assertThat(client.readLine()).isEqualTo("f" + i);
    }
    // 5 at once, then one every 200 ms: the 13th frame cannot be read before 1.6 s
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1400);
    ListenerStats stats = gateway.stats("rated");
    assertThat(stats.framesIn.sum()).isEqualTo(13);
    assertThat(stats.repliesOut.sum()).isEqualTo(13);
    assertThat(stats.undeliverable.sum()).isZero();
  }

  @Test
  void aUdpSourceOverItsRateHasExactlyTheExcessDropped(Vertx vertx) {
    // 2 a second: a burst of 2, then one every 500 ms; the 10 datagrams arrive within far less
    JsonObject udp = new JsonObject().put("name", "metered").put("protocol", "udp").put("port", 0)
        .put("codec", "text").put("address", "t.metered").put("maxDatagramsPerSecondPerSource", 2);
    start(vertx, udp);
    UdpClient loud = keep(new UdpClient(gateway.port("metered")));
    for (int i = 0; i < 10; i++) {
      loud.send("d" + i);
    }
    ListenerStats stats = gateway.stats("metered");
    Eventually.await(vertx, () -> stats.framesIn.sum() + stats.datagramsRefused(DatagramRefusal.RATE_LIMITED).sum() == 10);
    assertThat(stats.framesIn.sum()).isEqualTo(2);
    assertThat(stats.datagramsRefused(DatagramRefusal.RATE_LIMITED).sum()).isEqualTo(8);
    // the first two passed; UDP keeps no order, so their replies may come either way round
    assertThat(List.of(loud.receiveText(), loud.receiveText())).containsExactlyInAnyOrder("d0", "d1");
    // another source has a bucket of its own
    UdpClient quiet = keep(new UdpClient("127.0.0.2", "127.0.0.1", gateway.port("metered")));
    assertThat(quiet.roundTrip("q")).isEqualTo("q");
  }
}
