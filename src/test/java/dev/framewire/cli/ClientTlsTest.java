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

  private Gateway gateway;

  @BeforeAll
  static void certificates() {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificates");
    ca = TestPki.create(dir.resolve("pki"), "ca", "Client Test CA");
    ca.issue("server", "/CN=echo.test", "DNS:echo.test,IP:127.0.0.1");
    ca.issue("client", "/CN=cli", null);
    other = TestPki.create(dir.resolve("other"), "other", "Another CA");
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
    assertThat(run("", "--ca", dir.resolve("missing.pem").toString(), "tls://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire client: cannot read " + dir.resolve("missing.pem") + "\n"));
  }

  // ---------------------------------------------------------------- helpers

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
