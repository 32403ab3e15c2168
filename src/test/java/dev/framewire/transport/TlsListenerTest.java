package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.config.ConfigLoader;
import dev.framewire.config.ListenerConfig;
import dev.framewire.testutil.Commands;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.RandomDelayEcho;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners over real sockets: a JDK {@link SSLSocket} and the {@code openssl s_client} process
 * against a {@code lines} listener with the real echo handler. The certificates are made once for
 * the class with the {@code openssl} command (the class is skipped where there is none): a
 * self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, its PKCS#8 key and a
 * PKCS#12 key store of both, and a self-signed client certificate that the client-auth listener
 * trusts.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TlsListenerTest {
  private static final int PROCESS_TIMEOUT_SECONDS = 10;
  private static final char[] STORE_PASSWORD = "secret".toCharArray();

  @TempDir
  static Path dir;
  static Path cert;
  static Path key;
  static Path keyStore;
  static Path clientCert;
  static Path clientKey;

  private Gateway gateway;

  @BeforeAll
  static void certificates() throws Exception {
    assumeTrue(opensslAvailable(), "the openssl command is needed to make the test certificates");
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    keyStore = dir.resolve("server.p12");
    clientCert = dir.resolve("client.pem");
    clientKey = dir.resolve("client-key.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "cert.pem",
        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", "server-key.pem", "-out", "key.pem");
    openssl("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-name", "server",
        "-out", "server.p12", "-passout", "pass:secret");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "client-key-any.pem", "-out", "client.pem",
        "-days", "1", "-subj", "/CN=client");
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", "client-key-any.pem", "-out", "client-key.pem");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  // ---------------------------------------------------------------- echo over TLS

  @Test
  void linesAreEchoedExactlyAndInOrderOverTls(Vertx vertx) {
    JsonObject ordered = new JsonObject().put("type", "verticle").put("address", "t.tls")
        .put("className", RandomDelayEcho.class.getName()).put("instances", 4)
        .put("config", new JsonObject().put("maxDelayMs", 4));
    start(vertx, tlsLines(pem()), ordered);
    assertThat(gateway.lines).anyMatch(line -> line.matches("listener lines +tcp tls 127\\.0\\.0\\.1:\\d+ .*"));

    StringBuilder pipelined = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      pipelined.append("frame-").append(i).append('\n');
    }
    try (TcpClient client = tls(trustingServer(false), port())) {
      assertThat(protocol(client)).isEqualTo("TLSv1.3");
      client.write("one\r\ntwo\n\nthree, with ünïcödé\n");
      assertThat(client.readLine()).isEqualTo("one");
      assertThat(client.readLine()).isEqualTo("two");
      assertThat(client.readLine()).isEqualTo("");
      assertThat(client.readLine()).isEqualTo("three, with ünïcödé");
      client.write(pipelined.toString());
      for (int i = 0; i < 300; i++) {
        assertThat(client.readLine()).isEqualTo("frame-" + i);
      }
    }
    assertThat(stats().repliesOut.sum()).isEqualTo(304);
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isZero();
  }

  @Test
  void halfClosedTlsClientStillGetsEveryReply(Vertx vertx) {
    start(vertx, tlsLines(pem()), echo().put("delay", "30ms"));
    try (TcpClient client = tls(trustingServer(false), port())) {
      client.write("a\nb\nc\npartial-without-newline");
      client.shutdownOutput();  // TLS 1.3: close_notify, then FIN; the other direction stays open
      assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("a\nb\nc\n");
    }
    assertThat(stats().truncatedAtEnd.sum()).isEqualTo(1);
  }

  @Test
  void keyStoreListenerServesTheSameCertificate(Vertx vertx) {
    start(vertx, tlsLines(new JsonObject().put("keyStorePath", keyStore.toString()).put("keyStorePassword", "secret")),
        echo());
    try (TcpClient client = tls(trustingServer(false), port())) {
      client.write("from a PKCS#12 key store\n");
      assertThat(client.readLine()).isEqualTo("from a PKCS#12 key store");
    }
  }

  /** The black-box check: the real {@code openssl s_client}, verifying the certificate and its IP. */
  @Test
  void opensslSClientGetsItsLineBack(Vertx vertx) throws Exception {
    start(vertx, tlsLines(pem()), echo());
    Path stderr = dir.resolve("s_client.err");
    Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(), "-quiet",
        "-CAfile", cert.toString(), "-verify_ip", "127.0.0.1", "-verify_return_error")
        .redirectError(stderr.toFile())
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readLine(out));
      process.getOutputStream().write("hello from s_client\n".getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();

      assertThat(first.get(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as("s_client's standard error: %s", Files.exists(stderr) ? Files.readString(stderr) : "")
          .isEqualTo("hello from s_client");
    } finally {
      // -quiet implies -ign_eof: s_client stays connected until it is stopped
      process.destroy();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  // ---------------------------------------------------------------- clients that fail the handshake

  @Test
  void plainTextClientIsClosedWithoutDisturbingATlsClient(Vertx vertx) {
    start(vertx, tlsLines(pem()), echo());
    try (TcpClient good = tls(trustingServer(false), port());
         TcpClient plain = new TcpClient(port())) {
      good.write("before\n");
      assertThat(good.readLine()).isEqualTo("before");

      plain.write("GET / HTTP/1.0\r\n\r\nnot\na\nTLS\nrecord\n");
      assertThat(plain.closedByPeer()).as("closed, with not one byte written back").isTrue();

      good.write("after\n");
      assertThat(good.readLine()).isEqualTo("after");
    }
    awaitHandshakeFailures(vertx, 1);
    assertThat(stats().connectionsOpened.sum()).as("the plain client never became a connection").isEqualTo(1);
    assertThat(stats().framesIn.sum()).isEqualTo(2);
  }

  @Test
  void silentClientIsClosedAfterTheHandshakeTimeout(Vertx vertx) throws Exception {
    start(vertx, tlsLines(pem().put("handshakeTimeout", "200ms")), echo());
    long started = System.nanoTime();
    try (TcpClient silent = new TcpClient(port())) {
      // half Vert.x's default handshake timeout (10 s): closed by the configured 200 ms, not the default
      silent.socket().setSoTimeout(5_000);
      assertThat(silent.closedByPeer()).isTrue();
    }
    System.out.printf("tls: silent client closed after %d ms (handshakeTimeout 200ms)%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    awaitHandshakeFailures(vertx, 1);
    assertThat(stats().connectionsOpened.sum()).as("the silent client never became a connection").isZero();
  }

  @Test
  void requiredClientAuthRejectsAClientWithoutACertificate(Vertx vertx) {
    start(vertx, tlsLines(pem().put("clientAuth", "required").put("trustPath", clientCert.toString())), echo());

    try (TcpClient withCert = tls(trustingServer(true), port())) {
      withCert.write("let me in\n");
      assertThat(withCert.readLine()).isEqualTo("let me in");
    }
    // TLS 1.3: the client's side of the handshake ends before the server has checked the (empty)
    // certificate it sent; the server's bad_certificate alert arrives on the client's first read,
    // or, when the server has already closed, the client's write fails first (broken pipe/reset)
    Throwable rejected = org.assertj.core.api.Assertions.catchThrowable(() -> {
      try (TcpClient without = tls(trustingServer(false), port())) {
        without.write("let me in\n");
        without.readLine();
      }
    });
    assertThat(rejected).isInstanceOf(UncheckedIOException.class);
    if (rejected.getCause() instanceof SSLHandshakeException) {
      assertThat(rejected).hasMessageContaining("bad_certificate");
    } else {
      assertThat(rejected.getCause()).isInstanceOf(java.net.SocketException.class);
    }
    awaitHandshakeFailures(vertx, 1);
    assertThat(stats().framesIn.sum()).isEqualTo(1);
  }

  @Test
  void protocolsLimitTheTlsVersions(Vertx vertx) {
    start(vertx, tlsLines(pem().put("protocols", new JsonArray().add("TLSv1.2"))), echo());

    try (TcpClient client = tls(trustingServer(false), port())) {
      assertThat(protocol(client)).isEqualTo("TLSv1.2");
      client.write("over 1.2\n");
      assertThat(client.readLine()).isEqualTo("over 1.2");
    }
    assertThatThrownBy(() -> tls(trustingServer(false), port(), "TLSv1.3").close())
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class);
    awaitHandshakeFailures(vertx, 1);
  }

  @Test
  void unreadableKeyFailsTheStartNamingTheListener(Vertx vertx) throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage-key.pem"), "not a key\n");
    JsonObject config = new JsonObject()
        .put("listeners", new JsonArray().add(tlsLines(pem().put("keyPath", garbage.toString()))))
        .put("handlers", new JsonArray().add(echo()));

    assertThatThrownBy(() -> Gateway.start(vertx, config).await())
        .hasMessageStartingWith("listener lines (tcp 127.0.0.1:0): ")
        .hasMessageContaining("PRIVATE KEY");
  }

  // ---------------------------------------------------------------- the mapping to Vert.x options

  @Test
  void optionsMapperMapsEveryTlsKey() {
    NetServerOptions pem = OptionsMapper.netServerOptions(listener(pem().put("clientAuth", "required")
        .put("trustPath", clientCert.toString()).put("protocols", new JsonArray().add("TLSv1.3"))
        .put("handshakeTimeout", "1500ms")), 0);
    assertThat(pem.isSsl()).isTrue();
    assertThat(pem.getKeyCertOptions()).isInstanceOfSatisfying(PemKeyCertOptions.class, o -> {
      assertThat(o.getCertPaths()).containsExactly(cert.toString());
      assertThat(o.getKeyPaths()).containsExactly(key.toString());
    });
    assertThat(pem.getTrustOptions()).isInstanceOfSatisfying(PemTrustOptions.class,
        o -> assertThat(o.getCertPaths()).containsExactly(clientCert.toString()));
    assertThat(pem.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(pem.getEnabledSecureTransportProtocols()).isEqualTo(Set.of("TLSv1.3"));
    assertThat(pem.getSslHandshakeTimeoutUnit().toMillis(pem.getSslHandshakeTimeout())).isEqualTo(1500);

    NetServerOptions store = OptionsMapper.netServerOptions(listener(new JsonObject()
        .put("keyStorePath", keyStore.toString()).put("keyStorePassword", "secret").put("keyStoreType", "pkcs12")), 0);
    assertThat(store.getKeyCertOptions()).isInstanceOfSatisfying(KeyStoreOptions.class, o -> {
      assertThat(o.getType()).isEqualTo("PKCS12");
      assertThat(o.getPath()).isEqualTo(keyStore.toString());
      assertThat(o.getPassword()).isEqualTo("secret");
    });
    assertThat(store.getTrustOptions()).isNull();
    assertThat(store.getClientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(store.getEnabledSecureTransportProtocols()).isEqualTo(Set.of("TLSv1.2", "TLSv1.3"));
    assertThat(store.getSslHandshakeTimeoutUnit().toSeconds(store.getSslHandshakeTimeout())).isEqualTo(10);

    JsonObject plain = tlsLines(pem());
    plain.remove("tls");
    assertThat(OptionsMapper.netServerOptions(ConfigLoader.parse(new JsonObject()
        .put("listeners", new JsonArray().add(plain))).listeners().get(0), 0).isSsl()).isFalse();
  }

  @Test
  void relativePathsAreHandedToVertxAbsolute() {
    String relative = Path.of("").toAbsolutePath().relativize(cert).toString();
    NetServerOptions options = OptionsMapper.netServerOptions(listener(pem().put("certPath", relative)), 0);
    assertThat(((PemKeyCertOptions) options.getKeyCertOptions()).getCertPaths()).containsExactly(cert.toString());
  }

  @Test
  void aDeniedPeerOfATlsListenerCostsOneHandshakeAndIsThenClosed(Vertx vertx) throws IOException {
    start(vertx, tlsLines(pem()).put("deny", new JsonArray().add("127.0.0.2")), echo());
    SSLSocket socket = (SSLSocket) trustingServer(false).getSocketFactory().createSocket();
    socket.bind(new InetSocketAddress("127.0.0.2", 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    try (TcpClient denied = new TcpClient(socket); TcpClient allowed = tls(trustingServer(false), port())) {
      // Vert.x hands a TLS connection over only after its handshake: the handshake succeeds, then the close comes
      socket.startHandshake();
      assertThat(denied.closedByPeer()).isTrue();
      allowed.write("hello\n");
      assertThat(allowed.readLine()).isEqualTo("hello");
    }
    assertThat(stats().rejected(ListenerStats.Rejection.DENIED).sum()).isEqualTo(1);
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isZero();
    assertThat(stats().connectionsOpened.sum()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  private static JsonObject pem() {
    return new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString());
  }

  private static JsonObject tlsLines(JsonObject tls) {
    return new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0).put("framing", "lines")
        .put("codec", "text").put("address", "t.tls").put("tls", tls);
  }

  private static JsonObject echo() {
    return new JsonObject().put("type", "echo").put("address", "t.tls");
  }

  private static ListenerConfig listener(JsonObject tls) {
    return ConfigLoader.parse(new JsonObject().put("listeners", new JsonArray().add(tlsLines(tls))))
        .listeners().get(0);
  }

  private void start(Vertx vertx, JsonObject listener, JsonObject handler) {
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(handler)).put("http", new JsonObject().put("port", 0))).await();
  }

  /**
   * The failure reaches the listener on its event loop, possibly after the client saw the close.
   * Polled with one-shot timers (cancelling nothing), bounded.
   */
  private void awaitHandshakeFailures(Vertx vertx, long expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum() < expected && System.nanoTime() - deadline < 0) {
      try {
        vertx.timer(2, TimeUnit.MILLISECONDS).await(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // a late timer is only a longer pause; the deadline bounds the wait
      }
    }
    assertThat(stats().rejected(ListenerStats.Rejection.TLS_HANDSHAKE).sum()).isEqualTo(expected);
    // what /metrics reports is the same counter
    assertThat(Http.scrape(gateway.httpPort()))
        .containsEntry("framewire_connections_rejected_total{listener=\"lines\",protocol=\"tcp\",reason=\"tls_handshake\"}",
            (double) expected);
  }

  private int port() {
    return gateway.port("lines");
  }

  private ListenerStats stats() {
    return gateway.stats("lines");
  }

  /** A client context trusting the server's certificate, and presenting the client's if asked to. */
  private static SSLContext trustingServer(boolean withClientCertificate) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", certificate(cert));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      KeyManagerFactory keys = null;
      if (withClientCertificate) {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("client", privateKey(clientKey), STORE_PASSWORD, new Certificate[] {certificate(clientCert)});
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, STORE_PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey privateKey(Path pkcs8Pem) throws IOException, GeneralSecurityException {
    String base64 = Files.readString(pkcs8Pem)
        .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }

  private static boolean opensslAvailable() {
    return Commands.available("openssl", "version");
  }


  private static void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Commands.run(dir, PROCESS_TIMEOUT_SECONDS, command.toArray(new String[0]));
  }


  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TLS client (a {@link TcpClient} over an SSL socket), after a handshake that checks the IP. */
  private static TcpClient tls(SSLContext context, int port, String... protocols) {
    try {
      SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocols.length > 0) {
        parameters.setProtocols(protocols);
      }
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.startHandshake();
      return new TcpClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String protocol(TcpClient client) {
    return ((SSLSocket) client.socket()).getSession().getProtocol();
  }
}
