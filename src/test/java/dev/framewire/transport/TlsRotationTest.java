package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.LimitsConfig;
import dev.framewire.config.ListenerConfig;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.LogCapture;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.TestPki;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.VertxWrapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation on a running TLS listener (instances sharing the port), the way
 * certificate managers rotate: the listener's files live under a symbolic link {@code live} to a
 * directory, and a new directory is swapped in by renaming a new link over it. Each connection's
 * certificate is read from the client side by serial number. Waits are bounded polls of the
 * listener's counters, never sleeps.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TlsRotationTest {
  @TempDir
  static Path dir;
  static TestPki ca;

  private Gateway gateway;

  @BeforeAll
  static void certificates() throws IOException {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificates");
    ca = TestPki.create(dir.resolve("pki"), "ca", "Rotation Test CA");
    for (String name : List.of("first", "second", "third")) {
      ca.issue(name, "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
    }
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  /** What /metrics says of the listener's reloads: sets loaded and sets refused. */
  private void assertScrapedReloads(double loaded, double refused) {
    assertThat(Http.scrape(gateway.httpPort()))
        .containsEntry("framewire_tls_reloads_total{listener=\"lines\",outcome=\"loaded\",protocol=\"tcp\"}", loaded)
        .containsEntry("framewire_tls_reloads_total{listener=\"lines\",outcome=\"refused\",protocol=\"tcp\"}", refused);
  }

  @Test
  void newConnectionsGetTheNewCertificateAndOpenOnesKeepTheirs(Vertx vertx) throws IOException {
    Path live = live("rotate", "first", "first");
    start(vertx, live);

    try (SSLSocket before = ca.connect(port(), null, null)) {
      assertThat(TestPki.served(before).getSerialNumber()).isEqualTo(serial("first"));
      echo(before, "before the swap");

      swap(live, "rotate", "second", "second");
      Eventually.await(vertx, () -> stats().tlsReloads.sum() == 1);

      // every instance: several new connections, spread over both instances, all see the new one
      List<SSLSocket> after = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          SSLSocket socket = ca.connect(port(), null, null);
          after.add(socket);
          assertThat(TestPki.served(socket).getSerialNumber()).as("connection %d", i).isEqualTo(serial("second"));
          echo(socket, "after the swap " + i);
        }
      } finally {
        for (SSLSocket socket : after) {
          socket.close();
        }
      }
      // the connection opened before the swap lives on, with the session it had
      echo(before, "still here");
      assertThat(TestPki.served(before).getSerialNumber()).isEqualTo(serial("first"));
    }
    assertThat(stats().tlsReloadFailures.sum()).isZero();
    assertScrapedReloads(1.0, 0.0);
  }

  @Test
  void aBrokenPairIsRefusedOnceAndTheOldPairStaysInUse(Vertx vertx) throws IOException {
    Path live = live("broken", "first", "first");
    try (LogCapture log = LogCapture.of(TlsReloader.class.getName(), Level.INFO)) {
      start(vertx, live);
      // the third certificate with the first one's key: each file alone is fine, the pair is not
      swap(live, "broken", "third", "first");
      Eventually.await(vertx, () -> stats().tlsReloadFailures.sum() == 1);
      try (SSLSocket socket = ca.connect(port(), null, null)) {
        assertThat(TestPki.served(socket).getSerialNumber()).isEqualTo(serial("first"));
        echo(socket, "served by the old pair");
      }

      // fixed: the next check takes it; the broken set was never tried again in between
      swap(live, "fixed", "third", "third");
      Eventually.await(vertx, () -> stats().tlsReloads.sum() == 1);
      try (SSLSocket socket = ca.connect(port(), null, null)) {
        assertThat(TestPki.served(socket).getSerialNumber()).isEqualTo(serial("third"));
      }
      assertThat(stats().tlsReloadFailures.sum()).isEqualTo(1);
      List<String> warnings = log.events().stream().filter(e -> e.getLevel() == Level.WARN)
          .map(e -> e.getFormattedMessage()).toList();
      assertThat(warnings).containsExactly("listener lines: changed TLS files refused, the previous certificates "
          + "stay in use: tls.keyPath " + live.resolve("key.pem") + ": the key does not match the certificate in "
          + live.resolve("cert.pem"));
      assertThat(log.messages()).anyMatch(m -> m.startsWith("listener lines: TLS certificates reloaded, new "
          + "connections get CN=localhost (serial " + serial("third").toString(16) + ", valid until "));
    }
  }

  @Test
  void anUnreadableFileIsRefusedAndNamed(Vertx vertx) throws IOException {
    Path live = live("garbage", "first", "first");
    try (LogCapture log = LogCapture.of(TlsReloader.class.getName(), Level.WARN)) {
      start(vertx, live);
      Path next = dir.resolve("garbage-next");
      Files.createDirectories(next);
      Files.copy(ca.cert("second"), next.resolve("cert.pem"));
      Files.writeString(next.resolve("key.pem"), "not a key\n");
      relink(live, next);
      Eventually.await(vertx, () -> stats().tlsReloadFailures.sum() == 1);
      try (SSLSocket socket = ca.connect(port(), null, null)) {
        assertThat(TestPki.served(socket).getSerialNumber()).isEqualTo(serial("first"));
      }
      assertThat(log.messages()).singleElement().asString()
          .startsWith("listener lines: changed TLS files refused, the previous certificates stay in use: "
              + "tls.keyPath " + live.resolve("key.pem") + ": not a PEM private key: ");
    }
  }

  /**
   * The key files are read once for all the listener's instances, before the first one starts:
   * files that change while the instances start (here, after the first one, to a pair whose key
   * does not match) fail none of them, and every instance serves the pair read before. The change
   * is then the listener's one reloader's to judge: refused, counted once. A good pair after it
   * reaches the new connections of every instance, counted once too.
   */
  @Test
  void fourInstancesServeOnePairReadOnceAndEachChangeCountsOnce(Vertx vertx) throws IOException {
    Path live = live("instances", "first", "first");
    Path broken = pair("instances-broken", "third", "first");
    AtomicInteger listenerInstances = new AtomicInteger();
    Vertx swapping = new VertxWrapper((VertxInternal) vertx) {
      @Override
      public Future<String> deployVerticle(Deployable verticle, DeploymentOptions options) {
        Future<String> deployed = delegate.deployVerticle(verticle, options);
        if (!(verticle instanceof TcpListenerVerticle) || listenerInstances.incrementAndGet() != 1) {
          return deployed;
        }
        // the first instance is up: the files change before the other three start
        return deployed.compose(id -> vertx.executeBlocking(() -> {
          relink(live, broken);
          return id;
        }));
      }
    };
    start(swapping, live, 4);
    assertThat(listenerInstances).hasValue(4);
    Eventually.await(vertx, () -> stats().tlsReloadFailures.sum() == 1);
    connectAll(8, "first");

    swap(live, "instances", "second", "second");
    Eventually.await(vertx, () -> stats().tlsReloads.sum() == 1);
    connectAll(8, "second");
    assertScrapedReloads(1.0, 1.0);
  }

  /**
   * The reloader belongs to the listener, not to an instance: it goes on updating (through the
   * server of an instance still listening) when the instance that bound the port stops first, and
   * its timer stops with the last instance.
   */
  @Test
  void theReloaderOutlivesTheFirstInstanceAndStopsWithTheLast(Vertx vertx) throws IOException {
    Path live = live("lifecycle", "first", "first");
    ListenerConfig config = ConfigLoader.parse(config(live, 2)).listeners().get(0);
    ListenerStats stats = new ListenerStats();
    TlsReloader tls = TlsReloader.load(vertx, config, stats).await();
    assertThat(tls.watching().await()).isFalse();
    Admission admission = new Admission(config, stats, ProcessConnections.of(LimitsConfig.DEFAULT, -1));
    ListenerView view = new ListenerView(config.name(), false);
    List<TcpListenerVerticle> instances = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // a negative port: any free port, shared by the instances under that id
      instances.add(new TcpListenerVerticle(config, "node", i, -1, stats, view, Duration.ofSeconds(1), admission, tls));
      ids.add(vertx.deployVerticle(instances.get(i)).await());
    }
    int port = instances.get(0).actualPort();
    assertThat(tls.watching().await()).isTrue();

    vertx.undeploy(ids.get(0)).await();
    assertThat(tls.watching().await()).isTrue();
    swap(live, "lifecycle", "second", "second");
    Eventually.await(vertx, () -> stats.tlsReloads.sum() == 1);
    try (SSLSocket socket = ca.connect(port, null, null)) {
      assertThat(TestPki.served(socket).getSerialNumber()).isEqualTo(serial("second"));
    }

    vertx.undeploy(ids.get(1)).await();
    assertThat(tls.watching().await()).isFalse();
    assertThat(stats.tlsReloads.sum()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  /** {@code count} new connections, spread over the listener's instances, each served {@code certificate}. */
  private void connectAll(int count, String certificate) {
    for (int i = 0; i < count; i++) {
      try (SSLSocket socket = ca.connect(port(), null, null)) {
        assertThat(TestPki.served(socket).getSerialNumber()).as("connection %d", i).isEqualTo(serial(certificate));
        echo(socket, "connection " + i);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code dir/NAME-live} → {@code dir/NAME-1} holding copies of the given certificate and key. */
  private static Path live(String name, String cert, String key) throws IOException {
    Path target = pair(name + "-1", cert, key);
    Path link = dir.resolve(name + "-live");
    Files.createSymbolicLink(link, target);
    return link;
  }

  private static void swap(Path live, String name, String cert, String key) throws IOException {
    relink(live, pair(name + "-" + cert + "-" + key, cert, key));
  }

  /** Points {@code live} at {@code target} in one rename, as Kubernetes and certbot do. */
  private static void relink(Path live, Path target) throws IOException {
    Path fresh = live.resolveSibling(live.getFileName() + ".new");
    Files.deleteIfExists(fresh);
    Files.createSymbolicLink(fresh, target);
    Files.move(fresh, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Path pair(String name, String cert, String key) throws IOException {
    Path target = dir.resolve(name);
    Files.createDirectories(target);
    Files.copy(ca.cert(cert), target.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(ca.key(key), target.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  private static BigInteger serial(String name) {
    return TestPki.read(ca.cert(name)).getSerialNumber();
  }

  private void start(Vertx vertx, Path live) {
    start(vertx, live, 2);
  }

  private void start(Vertx vertx, Path live, int instances) {
    gateway = Gateway.start(vertx, config(live, instances)).await();
  }

  private static JsonObject config(Path live, int instances) {
    JsonObject tls = new JsonObject().put("certPath", live.resolve("cert.pem").toString())
        .put("keyPath", live.resolve("key.pem").toString()).put("reloadInterval", "100ms");
    JsonObject listener = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("instances", instances).put("framing", "lines").put("codec", "text").put("address", "t.rotate")
        .put("tls", tls);
    return new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.rotate")))
        .put("http", new JsonObject().put("port", 0));
  }

  private static void echo(SSLSocket socket, String line) {
    TcpClient client = new TcpClient(socket);
    client.write(line + "\n");
    assertThat(client.readLine()).isEqualTo(line);
  }

  private int port() {
    return gateway.port("lines");
  }

  private ListenerStats stats() {
    return gateway.stats("lines");
  }
}
