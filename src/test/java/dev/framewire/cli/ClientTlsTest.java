package dev.framewire.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.cli.ClientCommandTest.Result;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client tls://...} against a Framewire TLS listener (a line echo, and one that requires
 * client certificates), with a test CA made with openssl: the server's certificate checked against
 * {@code --ca}, by host name or {@code --servername}; {@code --insecure} with its warning; the
 * client's own certificate with {@code --cert}/{@code --key}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClientTlsTest {
  @TempDir
  static Path dir;
  static TestPki ca;
  static TestPki other;
  static TestPki ec;

  private Gateway gateway;

  @BeforeAll
  static void certificates() {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificates");
    ca = TestPki.create(dir.resolve("pki"), "ca", "Client Test CA");
    ca.issue("server", "/CN=echo.test", "DNS:echo.test,IP:127.0.0.1");
    ca.issue("client", "/CN=cli", null);
    other = TestPki.create(dir.resolve("other"), "other", "Another CA");
    ec = TestPki.createEc(dir.resolve("ec"), "ec", "EC Client CA");
    ec.issue("client", "/CN=ec-cli", null);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  @Test
  void withCaTheLinesComeBack(Vertx vertx) {
    start(vertx, server());
    Result r = run("hello\nover tls\n", "--ca", ca.certificate().toString(), url("127.0.0.1"));
    assertThat(r).isEqualTo(new Result(0, "hello\nover tls\n", ""));
  }

  @Test
  void serverNameIsSentAndChecked(Vertx vertx) {
    start(vertx, server());
    Result r = run("by name\n", "--ca", ca.certificate().toString(), "--servername", "echo.test", url("127.0.0.1"));
    assertThat(r).isEqualTo(new Result(0, "by name\n", ""));

    Result wrong = run("x\n", "--ca", ca.certificate().toString(), "--servername", "other.test", url("127.0.0.1"));
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.out()).isEmpty();
    assertThat(wrong.err()).startsWith("framewire client: cannot connect to tls://127.0.0.1:" + port() + ": ")
        .contains("other.test");
  }

  @Test
  void anUntrustedServerIsRefusedUnlessInsecureWhichWarns(Vertx vertx) {
    start(vertx, server());
    Result refused = run("x\n", "--ca", other.certificate().toString(), url("127.0.0.1"));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).startsWith("framewire client: cannot connect to tls://127.0.0.1:" + port() + ": ")
        .contains("unable to find valid certification path");

    Result insecure = run("anyway\n", "--insecure", url("127.0.0.1"));
    assertThat(insecure).isEqualTo(new Result(0, "anyway\n", "framewire client: WARNING: --insecure: the server's "
        + "certificate is NOT checked; anyone between here and the server can read and change this connection\n"));
  }

  @Test
  void aClientCertificateOpensAListenerThatRequiresOne(Vertx vertx) {
    start(vertx, server().put("clientAuth", "required").put("trustPath", ca.certificate().toString()));
    Result r = run("with my certificate\n", "--ca", ca.certificate().toString(),
        "--cert", ca.cert("client").toString(), "--key", ca.key("client").toString(), url("127.0.0.1"));
    assertThat(r).isEqualTo(new Result(0, "with my certificate\n", ""));
  }

  @Test
  void aPkcs1RsaKeyIsReadAsAListenerReadsIt(Vertx vertx) throws Exception {
    Path pkcs1 = ca.traditionalKey("client");
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
    start(vertx, server().put("clientAuth", "required").put("trustPath", ca.certificate().toString()));
    Result r = run("pkcs1\n", "--ca", ca.certificate().toString(),
        "--cert", ca.cert("client").toString(), "--key", pkcs1.toString(), url("127.0.0.1"));
    assertThat(r).isEqualTo(new Result(0, "pkcs1\n", ""));
  }

  @Test
  void anEcKeyIsReadInBothItsForms(Vertx vertx) throws Exception {
    Path sec1 = ec.traditionalKey("client");
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
    assertThat(Files.readString(ec.key("client"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    start(vertx, server().put("clientAuth", "required").put("trustPath", ec.certificate().toString()));
    for (Path key : List.of(sec1, ec.key("client"))) {
      Result r = run("ec\n", "--ca", ca.certificate().toString(),
          "--cert", ec.cert("client").toString(), "--key", key.toString(), url("127.0.0.1"));
      assertThat(r).as(key.toString()).isEqualTo(new Result(0, "ec\n", ""));
    }
  }

  @Test
  void aFileThatIsNotWhatItsOptionSaysIsNamedBeforeConnecting() throws Exception {
    String caFile = ca.certificate().toString();
    String client = ca.cert("client").toString();
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a PEM file\n");
    assertThat(run("", "--ca", caFile, "--cert", client, "--key", garbage.toString(), "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --key " + garbage + ": not a PEM private key: Missing "
            + "-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY----- "
            + "delimiter\n"));
    // the certificate given as the key, and the key as the certificate
    Result certAsKey = run("", "--ca", caFile, "--cert", client, "--key", client, "tls://127.0.0.1:1");
    assertThat(certAsKey.code()).isEqualTo(2);
    assertThat(certAsKey.err()).startsWith("framewire client: --key " + client + ": not a PEM private key: ");
    String key = ca.key("client").toString();
    Result keyAsCert = run("", "--ca", caFile, "--cert", key, "--key", key, "tls://127.0.0.1:1");
    assertThat(keyAsCert.code()).isEqualTo(2);
    assertThat(keyAsCert.err()).startsWith("framewire client: --cert " + key + ": not a PEM certificate chain: ");
    // a key of another pair: refused as a listener refuses one, not left to fail the handshake
    String serverKey = ca.key("server").toString();
    assertThat(run("", "--ca", caFile, "--cert", client, "--key", serverKey, "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --key " + serverKey + ": does not match the certificate of "
            + "--cert " + client + "\n"));
    Result badCa = run("", "--ca", garbage.toString(), "tls://127.0.0.1:1");
    assertThat(badCa.code()).isEqualTo(2);
    assertThat(badCa.err()).startsWith("framewire client: --ca " + garbage + ": not a PEM CA bundle: ");
  }

  @Test
  void tlsOptionsAreCheckedBeforeConnecting() {
    String caFile = ca.certificate().toString();
    assertThat(run("", "--ca", caFile, "tcp://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --ca applies to tls:// only\n"));
    assertThat(run("", "--insecure", "udp://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --insecure applies to tls:// only\n"));
    assertThat(run("", "--cert", ca.cert("client").toString(), "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --cert needs --key\n"));
    assertThat(run("", "--insecure", "--ca", caFile, "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --insecure and --ca exclude each other\n"));
    Path missing = dir.resolve("missing.pem");
    assertThat(run("", "--ca", missing.toString(), "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --ca " + missing + ": cannot be read: " + missing + "\n"));
    assertThat(run("", "--cert", client(), "--key", missing.toString(), "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: --key " + missing + ": cannot be read: " + missing + "\n"));
  }

  // ---------------------------------------------------------------- helpers

  private static String client() {
    return ca.cert("client").toString();
  }

  private static JsonObject server() {
    return new JsonObject().put("certPath", ca.cert("server").toString()).put("keyPath", ca.key("server").toString());
  }

  private void start(Vertx vertx, JsonObject tls) {
    JsonObject listener = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("codec", "text").put("address", "t.cli").put("tls", tls);
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.cli")))).await();
  }

  private int port() {
    return gateway.port("lines");
  }

  private String url(String host) {
    return "tls://" + host + ":" + port();
  }

  /** {@code framewire client --wait 5s ARGS} with {@code stdin}, as {@link ClientCommandTest} runs it. */
  private static Result run(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--wait", "5s"));
    all.addAll(List.of(args));
    return ClientCommandTest.run(new ByteArrayInputStream(stdin.getBytes(UTF_8)), all.toArray(new String[0]));
  }
}
