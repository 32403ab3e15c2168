package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.api.ClientCertificate;
import dev.framewire.api.Envelope;
import dev.framewire.api.Frame;
import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.TestPki;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several certificates on one listener chosen by server name (SNI), and client certificates: who
 * is let in (trusted and valid now) and what the handlers learn about them (the {@code fw.tls.*}
 * headers, {@link Frame#clientCertificate()}). Certificates are made by a test CA with openssl.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TlsIdentityTest {
  private static final String CLIENT_SAN =
      "DNS:sensor-17.acme.test,IP:127.0.0.2,email:ops@acme.test,URI:spiffe://acme.test/sensor-17";

  @TempDir
  static Path dir;
  static TestPki ca;
  static TestPki stranger;

  private Gateway gateway;

  @BeforeAll
  static void certificates() {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificates");
    ca = TestPki.create(dir.resolve("pki"), "ca", "Identity Test CA");
    ca.issue("default", "/CN=default.test", "DNS:default.test,IP:127.0.0.1");
    ca.issue("b", "/CN=b.test", "DNS:b.test,DNS:*.wild.test");
    ca.issue("c", "/CN=c.test", null);
    ca.issue("sensor", "/O=Acme/CN=sensor-17", CLIENT_SAN);
    ca.issue("expired", "/CN=expired", null, "20200101000000Z", "20200102000000Z");
    ca.issue("future", "/CN=future", null, "20990101000000Z", "20991231000000Z");
    stranger = TestPki.create(dir.resolve("stranger"), "other", "Stranger CA");
    stranger.issue("sensor", "/O=Acme/CN=sensor-17", CLIENT_SAN);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  // ---------------------------------------------------------------- SNI

  @Test
  void theServerNamePicksTheCertificateAndTheFirstIsTheDefault(Vertx vertx) {
    JsonObject tls = pair("default")
        .put("certificates", new JsonArray().add(pair("b")).add(pair("c")));
    start(vertx, tls, echo());

    assertThat(servedTo("b.test")).isEqualTo("CN=b.test");
    assertThat(servedTo("x.wild.test")).as("*.wild.test covers one label").isEqualTo("CN=b.test");
    assertThat(servedTo("c.test")).as("by common name, without SANs").isEqualTo("CN=c.test");
    assertThat(servedTo("default.test")).isEqualTo("CN=default.test");
    assertThat(servedTo(null)).as("no server name").isEqualTo("CN=default.test");
    assertThat(servedTo("unknown.test")).as("a name no certificate has").isEqualTo("CN=default.test");
    assertThat(servedTo("a.b.wild.test")).as("the wildcard covers one label only").isEqualTo("CN=default.test");
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isZero();
  }

  @Test
  void certificatesAloneMakeTheirFirstTheDefault(Vertx vertx) {
    start(vertx, new JsonObject().put("certificates", new JsonArray().add(pair("c")).add(pair("b"))), echo());
    assertThat(servedTo(null)).isEqualTo("CN=c.test");
    assertThat(servedTo("b.test")).isEqualTo("CN=b.test");
  }

  // ---------------------------------------------------------------- client certificates

  @Test
  void theClientsSubjectAndNamesReachTheHandlerInHeaders(Vertx vertx) throws Exception {
    List<MultiMap> seen = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer("t.id", message -> {
      seen.add(message.headers());
      message.reply(message.body());
    });
    consumer.completion().await();
    start(vertx, clientAuth("required"), null);

    try (SSLSocket socket = ca.connect(port(), "sensor", null)) {
      TcpClient client = new TcpClient(socket);
      client.write("one\ntwo\n");
      assertThat(client.readLine()).isEqualTo("one");
      assertThat(client.readLine()).isEqualTo("two");
    }
    assertThat(seen).hasSize(2);
    String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(TestPki.read(ca.cert("sensor")).getEncoded()));
    for (MultiMap headers : seen) {
      assertThat(headers.get(Envelope.TLS_SUBJECT)).isEqualTo("CN=sensor-17,O=Acme");
      assertThat(headers.get(Envelope.TLS_ISSUER)).isEqualTo("CN=Identity Test CA");
      assertThat(headers.get(Envelope.TLS_SAN)).isEqualTo(
          "DNS:sensor-17.acme.test, IP:127.0.0.2, email:ops@acme.test, URI:spiffe://acme.test/sensor-17");
      assertThat(headers.get(Envelope.TLS_SERIAL))
          .isEqualTo(TestPki.read(ca.cert("sensor")).getSerialNumber().toString(16));
      assertThat(headers.get(Envelope.TLS_FINGERPRINT)).isEqualTo(fingerprint).hasSize(64);
      assertThat(headers.get(Envelope.REMOTE)).startsWith("127.0.0.1:");
    }
    consumer.unregister().await();
  }

  @Test
  void aFrameHandlerVerticleReadsTheCertificate(Vertx vertx) throws IOException {
    start(vertx, clientAuth("request"), new JsonObject().put("type", "verticle").put("address", "t.id")
        .put("className", WhoAmI.class.getName()).put("instances", 2));

    try (SSLSocket socket = ca.connect(port(), "sensor", null)) {
      TcpClient client = new TcpClient(socket);
      client.write("who\nwho\n");
      assertThat(client.readLine()).isEqualTo("CN=sensor-17,O=Acme|DNS:sensor-17.acme.test, IP:127.0.0.2, "
          + "email:ops@acme.test, URI:spiffe://acme.test/sensor-17");
      assertThat(client.readLine()).startsWith("CN=sensor-17,O=Acme|");
    }
    // request: a client without a certificate is let in, and its frames carry none
    try (SSLSocket socket = ca.connect(port(), null, null)) {
      TcpClient client = new TcpClient(socket);
      client.write("who\n");
      assertThat(client.readLine()).isEqualTo("nobody");
    }
  }

  /** Answers each frame with its client's subject and SANs, or {@code nobody}. */
  public static final class WhoAmI extends FrameHandlerVerticle {
    @Override
    protected void handle(Frame frame) {
      ClientCertificate client = frame.clientCertificate();
      frame.reply(client == null ? "nobody" : client.subject() + "|" + client.san());
    }
  }

  @Test
  void expiredNotYetValidAndUntrustedClientCertificatesAreRefused(Vertx vertx) throws IOException {
    start(vertx, clientAuth("required"), echo());

    assertRefused(() -> ca.connect(port(), "expired", null));
    assertRefused(() -> ca.connect(port(), "future", null));
    // the same subject and names, from a CA the listener does not trust
    assertRefused(() -> stranger.connectTrusting(ca, port(), "sensor"));
    Eventually.await(vertx, () -> stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum() == 3);

    try (SSLSocket socket = ca.connect(port(), "sensor", null)) {
      TcpClient client = new TcpClient(socket);
      client.write("valid\n");
      assertThat(client.readLine()).isEqualTo("valid");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(1);
    assertThat(stats().framesIn.sum()).isEqualTo(1);
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * TLS 1.3: the client's side of the handshake may end before the server has checked its
   * certificate; the refusal then shows on the first read (an alert, a reset, or the end).
   */
  private static void assertRefused(java.util.function.Supplier<SSLSocket> connect) {
    String got;
    try (SSLSocket socket = connect.get()) {
      TcpClient client = new TcpClient(socket);
      client.write("let me in\n");
      got = client.readLine();
    } catch (UncheckedIOException | IOException e) {
      return;  // refused in the handshake or on the first read
    }
    assertThat(got).as("nothing comes back to a refused client").isNull();
  }

  private String servedTo(String serverName) {
    try (SSLSocket socket = ca.connect(port(), null, serverName)) {
      return TestPki.served(socket).getSubjectX500Principal().getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject pair(String name) {
    return new JsonObject().put("certPath", ca.cert(name).toString()).put("keyPath", ca.key(name).toString());
  }

  private static JsonObject clientAuth(String mode) {
    return pair("default").put("clientAuth", mode).put("trustPath", ca.certificate().toString());
  }

  private static JsonObject echo() {
    return new JsonObject().put("type", "echo").put("address", "t.id");
  }

  private void start(Vertx vertx, JsonObject tls, JsonObject handler) {
    JsonObject listener = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("codec", "text").put("address", "t.id").put("tls", tls);
    JsonArray handlers = new JsonArray();
    if (handler != null) {
      handlers.add(handler);
    }
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", handlers)).await();
  }

  private int port() {
    return gateway.port("lines");
  }

  private ListenerStats stats() {
    return gateway.stats("lines");
  }
}
