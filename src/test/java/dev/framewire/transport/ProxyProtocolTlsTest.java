package dev.framewire.transport;

import static dev.framewire.transport.ProxyProtocolTest.V2_SIGNATURE;
import static dev.framewire.transport.ProxyProtocolTest.concat;
import static dev.framewire.transport.ProxyProtocolTest.ipv4;
import static dev.framewire.transport.ProxyProtocolTest.proxied;
import static dev.framewire.transport.ProxyProtocolTest.remoteEcho;
import static dev.framewire.transport.ProxyProtocolTest.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import dev.framewire.testutil.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PROXY protocol on a TLS listener: the header comes first, in clear (as HAProxy sends it with
 * {@code send-proxy} in front of a TLS backend), then the TLS handshake. A failure of either is
 * counted under its own reason.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ProxyProtocolTlsTest {
  @TempDir
  static Path dir;
  static TestPki server;

  private Gateway gateway;

  @BeforeAll
  static void certificates() {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificate");
    server = TestPki.selfSigned(dir, "server", "/CN=localhost", "IP:127.0.0.1,DNS:localhost");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  @Test
  void theHeaderComesBeforeTheHandshake(Vertx vertx) {
    start(vertx);
    assertThat(gateway.lines).anyMatch(line -> line.matches("listener p +tcp tls proxy 127\\.0\\.0\\.1:\\d+ .*"));
    try (TcpClient client = tlsAfter("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7443\r\n"
        .getBytes(StandardCharsets.US_ASCII))) {
      client.write("over tls\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 over tls");
    }
    try (TcpClient client = tlsAfter(v2(0x21, 0x11, ipv4(192, 0, 2, 11), ipv4(198, 51, 100, 1), 40000, 7443,
        new byte[0]))) {
      client.write("v2 over tls\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.11:40000 v2 over tls");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(2);
    assertThat(stats().rejectedTotal()).isZero();
  }

  /** No header (a TLS client straight in) is a header failure; a header then plain text a TLS one. */
  @Test
  void eachFailureIsCountedUnderItsOwnReason(Vertx vertx) {
    start(vertx);
    try (TcpClient direct = tlsAfter(new byte[0])) {
      throw new AssertionError("a handshake without a PROXY header succeeded");
    } catch (UncheckedIOException expected) {
      // the ClientHello is no PROXY header: closed before any TLS
    }
    Eventually.await(vertx, () -> stats().rejected(ListenerStats.Rejection.PROXY_HEADER).sum() == 1);

    try (TcpClient plain = new TcpClient(port())) {
      plain.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7443\r\nnot tls at all\n");
      assertThat(plain.readToEnd()).isEmpty();
    }
    Eventually.await(vertx, () -> stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum() == 1);

    try (TcpClient badHeader = new TcpClient(port())) {
      badHeader.write(concat(V2_SIGNATURE, new byte[] {0x21, 0x11, 0, 1}, new byte[1])); // too short for TCP4
      assertThat(badHeader.readToEnd()).isEmpty();
    }
    Eventually.await(vertx, () -> stats().rejected(ListenerStats.Rejection.PROXY_HEADER).sum() == 2);
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isEqualTo(1);
    assertThat(stats().connectionsOpened.sum()).isZero();
  }

  /**
   * A v2 header whose TLV runs past the header's announced length makes Netty's parser throw a
   * plain {@code IndexOutOfBoundsException}, not its own exception: it is still the header's
   * failure, not the handshake's (none began). Vert.x leaves such a connection to the header's
   * timeout, which closes it.
   */
  @Test
  void aHeaderWhoseTlvRunsPastItsLengthIsAHeaderFailure(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32").put("proxyProtocolTimeout", "300ms"));
    byte[] overrun = {0x04, 0x00, 0x10, 'a', 'b'}; // NOOP, announcing 16 bytes, holding 2
    try (TcpClient badTlv = new TcpClient(port())) {
      badTlv.write(v2(0x21, 0x11, ipv4(192, 0, 2, 12), ipv4(198, 51, 100, 1), 40001, 7443, overrun));
      assertThat(badTlv.readToEnd()).isEmpty();
    }
    Eventually.await(vertx, () -> stats().rejected(ListenerStats.Rejection.PROXY_HEADER).sum() == 1);
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isZero();
    assertThat(stats().connectionsOpened.sum()).isZero();
  }

  private void start(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32"));
  }

  private void start(Vertx vertx, JsonObject proxied) {
    JsonObject listener = proxied.put("tls", new JsonObject()
        .put("certPath", server.certificate().toString()).put("keyPath", server.key().toString()));
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(remoteEcho()))).await();
  }

  /** Writes {@code header} in clear on a new connection, then shakes hands over TLS on it. */
  private TcpClient tlsAfter(byte[] header) {
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.setSoTimeout(10_000);
      raw.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
      raw.getOutputStream().write(header);
      raw.getOutputStream().flush();
      SSLSocket tls = (SSLSocket) server.trusting().getSocketFactory()
          .createSocket(raw, "127.0.0.1", port(), true);
      tls.startHandshake();
      return new TcpClient(tls);
    } catch (IOException e) {
      try {
        raw.close();
      } catch (IOException ignored) {
        // failing anyway
      }
      throw new UncheckedIOException(e);
    }
  }

  private int port() {
    return gateway.port("p");
  }

  private ListenerStats stats() {
    return gateway.stats("p");
  }
}
