package dev.framewire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.cli.Deployer;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ClusterTlsConfig;
import dev.framewire.config.ConfigLoader;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Ports;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterIT} again, with {@code cluster.tls} on both nodes (certificates from one cluster CA
 * made with openssl at test time; skipped without the command), and what TLS adds: the event-bus
 * port asks for a certificate from the cluster CA, and a node without one joins Hazelcast but
 * neither delivers to nor receives from the others.
 */
class ClusterTlsIT extends ClusterIT {
  /** How long a request that TLS stops may wait for its reply before the test calls it lost. */
  private static final long LOST_MS = 2000;

  @TempDir
  static Path dir;
  static TestPki ca;

  /** Hides {@link ClusterIT#startCluster()}: the same two nodes, with TLS between them. */
  @BeforeAll
  static void startCluster() throws Exception {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the cluster CA");
    ca = TestPki.createEc(dir.resolve("it"), "it-ca", "it cluster CA");
    ClusterTlsConfig tlsA = nodeTls(ca, "a");
    ClusterTlsConfig tlsB = nodeTls(ca, "b");
    startCluster(c -> c.withTls(tlsA), c -> c.withTls(tlsB));
  }

  @Test
  void aFrameOnAsListenerIsAnsweredByBsHandlerOverTls() throws Exception {
    gateway(b, new JsonArray(), new JsonArray().add(new JsonObject().put("type", "echo").put("address", "tls.echo")));
    Gateway edge = gateway(a, new JsonArray().add(lines("edge", "tls.echo")), new JsonArray());
    awaitBatchable(a, "tls.echo", 1);

    try (TcpClient client = new TcpClient(edge.port("edge"))) {
      client.write("hello over tls\n");
      assertThat(client.readLine()).isEqualTo("hello over tls");
    }
    assertThat(edge.stats("edge").repliesOut.sum()).isEqualTo(1);
  }

  @Test
  void theEventBusPortAcceptsOnlyClientsWithACertificateFromTheClusterCa() throws Exception {
    NodeInfo nodeB = nodeInfo(managerA, managerB.getNodeId());
    // TLS 1.2: the server's verdict on the client's certificate comes before the client's handshake ends
    NetClientOptions options = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2"))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.certificate().toString()));

    NetClient anonymous = a.createNetClient(options);
    assertThatThrownBy(() -> anonymous.connect(nodeB.port(), nodeB.host()).await(10, TimeUnit.SECONDS))
        .isInstanceOf(SSLHandshakeException.class);

    ClusterTlsConfig probe = nodeTls(ca, "probe");
    NetClient member = a.createNetClient(new NetClientOptions(options)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(probe.certPath()).setKeyPath(probe.keyPath())));
    NetSocket socket = member.connect(nodeB.port(), nodeB.host()).await(10, TimeUnit.SECONDS);
    assertThat(socket.isSsl()).isTrue();
    socket.close().await(10, TimeUnit.SECONDS);
    anonymous.close().await(10, TimeUnit.SECONDS);
    member.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * The cluster CA's certificate is no secret: the intruder trusts it, and holds a certificate of
   * its own CA. It is a Hazelcast member like any other, so it sees A's subscriptions and A sees its.
   */
  @Test
  void aNodeWithACertificateFromAnotherCaJoinsHazelcastButNeitherDeliversNorReceives() throws Exception {
    TestPki other = TestPki.createEc(dir.resolve("other"), "other-ca", "other cluster CA");
    ClusterTlsConfig intruderTls = new ClusterTlsConfig(other.issueNode("intruder").toString(),
        other.key("intruder").toString(), ca.certificate().toString());
    AtomicInteger guarded = new AtomicInteger();
    MessageConsumer<String> onA = guard("tls.guarded", guarded);
    try (Third third = Third.join(node(Ports.freePort(), seed).withTls(intruderTls))) {
      Vertx intruder = third.vertx();
      AtomicInteger stolen = new AtomicInteger();
      intruder.eventBus().<String>consumer("tls.stolen", message -> stolen.incrementAndGet())
          .completion().await(10, TimeUnit.SECONDS);
      Eventually.await(a, () -> registrations(managerA, "tls.stolen").size() == 1, Duration.ofSeconds(20));
      assertThat(registrations(third.manager(), "tls.guarded")).as("the intruder reads A's subscriptions")
          .extracting(RegistrationInfo::nodeId).containsExactly(managerA.getNodeId());

      // A to the intruder: A's node does not trust the intruder's certificate
      Future<Void> written = a.eventBus().<String>sender("tls.stolen").write("secret");
      assertThatThrownBy(() -> written.await(10, TimeUnit.SECONDS)).isInstanceOf(SSLHandshakeException.class);
      // the intruder to A: A's event-bus server refuses its certificate, the request is never answered
      assertUnanswered(intruder, "tls.guarded");
      assertOnlyBReachedA("tls.guarded", guarded);
      assertThat(stolen.get()).as("messages the intruder's consumer got").isZero();
    } finally {
      onA.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  /** A node with no {@code cluster.tls} at all: its plain bytes end at A's TLS server. */
  @Test
  void aNodeWithoutTlsJoinsHazelcastButCannotDeliver() throws Exception {
    AtomicInteger guarded = new AtomicInteger();
    MessageConsumer<String> onA = guard("tls.plain", guarded);
    try (Third plain = Third.join(node(Ports.freePort(), seed))) {
      assertUnanswered(plain.vertx(), "tls.plain");
      assertOnlyBReachedA("tls.plain", guarded);
    } finally {
      onA.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKeyThatIsNoKeyFailsTheJoinNamingClusterTls() throws Exception {
    ClusterTlsConfig good = nodeTls(ca, "broken");
    Path notAKey = dir.resolve("not-a-key.pem");
    Files.writeString(notAKey, "not a key\n");
    int port = Ports.freePort();
    ClusterConfig settings = node(port, port).withTls(new ClusterTlsConfig(good.certPath(), notAKey.toString(),
        good.caPath()));

    Future<Vertx> join = ClusterNode.start(Deployer.vertxOptions(ConfigLoader.parse(minimal())), settings,
        ClusterNode.manager(settings));
    assertThatThrownBy(() -> join.await(60, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster.tls: cannot use " + good.certPath() + ", " + notAKey + " and " + good.caPath()
            + ": Missing -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- or"
            + " -----BEGIN EC PRIVATE KEY----- delimiter");
  }

  /** A third node, joined to A and B's Hazelcast cluster with {@code settings}. */
  private record Third(Vertx vertx, CountingClusterManager manager) implements AutoCloseable {
    /** Once A lists it as a member. */
    static Third join(ClusterConfig settings) throws Exception {
      CountingClusterManager manager = ClusterNode.manager(settings);
      Vertx vertx = ClusterNode.start(Deployer.vertxOptions(ConfigLoader.parse(minimal())), settings, manager)
          .await(60, TimeUnit.SECONDS);
      try {
        String id = manager.getNodeId();
        Eventually.await(a, () -> managerA.getNodes().contains(id), Duration.ofSeconds(30));
      } catch (AssertionError e) {
        vertx.close().await(30, TimeUnit.SECONDS);
        throw e;
      }
      return new Third(vertx, manager);
    }

    @Override
    public void close() throws TimeoutException {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** A node certificate and key signed by {@code ca}, and {@code ca} as the one to trust. */
  private static ClusterTlsConfig nodeTls(TestPki ca, String node) {
    return new ClusterTlsConfig(ca.issueNode(node).toString(), ca.key(node).toString(), ca.certificate().toString());
  }

  /** B, a member, is answered at {@code address}: the one message A's {@link #guard} counted. */
  private static void assertOnlyBReachedA(String address, AtomicInteger guarded) throws TimeoutException {
    assertThat(b.eventBus().request(address, "from b").await(10, TimeUnit.SECONDS).body())
        .isEqualTo("guarded from b");
    assertThat(guarded.get()).as("messages A's consumer got").isEqualTo(1);
  }

  /** A consumer on node A of {@code address} that counts and answers {@code guarded <body>}, registered. */
  private static MessageConsumer<String> guard(String address, AtomicInteger count) throws TimeoutException {
    MessageConsumer<String> consumer = a.eventBus().<String>consumer(address, message -> {
      count.incrementAndGet();
      message.reply("guarded " + message.body());
    });
    consumer.completion().await(10, TimeUnit.SECONDS);
    return consumer;
  }

  /** A request from {@code from} to {@code address} ends unanswered: it times out after {@link #LOST_MS}. */
  private static void assertUnanswered(Vertx from, String address) {
    Future<Message<Object>> request = from.eventBus().request(address, "forged",
        new DeliveryOptions().setSendTimeout(LOST_MS));
    assertThatThrownBy(() -> request.await(LOST_MS + 10_000, TimeUnit.MILLISECONDS))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.TIMEOUT));
  }

  /** The cluster's registrations for {@code address}, as {@code manager}'s node reads them. */
  private static List<RegistrationInfo> registrations(CountingClusterManager manager, String address) {
    Promise<List<RegistrationInfo>> promise = Promise.promise();
    manager.getRegistrations(address, promise);
    return within10s(promise.future());
  }

  private static NodeInfo nodeInfo(CountingClusterManager manager, String nodeId) {
    Promise<NodeInfo> promise = Promise.promise();
    manager.getNodeInfo(nodeId, promise);
    return within10s(promise.future());
  }

  private static <T> T within10s(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer from the cluster manager within 10 s", e);
    }
  }
}
