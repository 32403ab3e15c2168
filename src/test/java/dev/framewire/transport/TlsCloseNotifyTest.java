package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.testutil.Commands;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS client that ends its sending side with {@code close_notify} alone, no TCP FIN: Python's
 * {@code SSLSocket.unwrap()}, which then waits for the server's {@code close_notify}. Since TLS 1.3
 * a {@code close_notify} closes one direction only (RFC 8446 §6.1), so the server still owes its
 * replies; once they are written it must send its own {@code close_notify} and close, as it does
 * on a TCP half-close. TLS 1.2 (RFC 5246 §7.2.1) answers at once and discards pending writes; the
 * JDK's engine does that by itself, but closing the TCP connection is still the server's to do.
 *
 * <p>The client is {@code src/test/python/tls_close_notify.py}, run with the standard library's
 * {@code ssl}; it prints one fact a line, asserted here exactly, and its timings on standard error.
 * Its every wait is bounded by a 5 s socket timeout, so the defect shows as {@code timed-out}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 40, unit = TimeUnit.SECONDS)
class TlsCloseNotifyTest {
  private static final Path CLIENT = Paths.get("src/test/python/tls_close_notify.py");
  private static final int PROCESS_TIMEOUT_SECONDS = 30;
  private static final int LINES = 5;

  @TempDir
  static Path dir;
  static Path cert;
  static Path key;

  private Gateway gateway;

  @BeforeAll
  static void certificates() throws Exception {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificates");
    assumeTrue(Commands.available("python3", "-c", "import ssl; ssl.TLSVersion.TLSv1_3"), "python3 with ssl is the client");
    TestPki server = TestPki.selfSigned(dir, "server", "/CN=localhost", "IP:127.0.0.1,DNS:localhost");
    cert = server.certificate();
    key = server.key();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  // ---------------------------------------------------------------- close_notify after the replies

  @Test
  void tls13UnwrapAfterTheRepliesGetsTheServersCloseNotifyAndEof(Vertx vertx) throws Exception {
    start(vertx, 0);
    assertThat(client("1.3", "replies-first")).containsExactly(
        "protocol TLSv1.3",
        "received " + json(lines()),
        "unwrap completed",
        "after-close-notify \"\" eof");
    assertThat(stats().repliesOut.sum()).isEqualTo(LINES);
    assertThat(stats().undeliverable.sum()).isZero();
  }

  @Test
  void tls12UnwrapAfterTheRepliesGetsTheServersCloseNotifyAndEof(Vertx vertx) throws Exception {
    start(vertx, 0);
    assertThat(client("1.2", "replies-first")).containsExactly(
        "protocol TLSv1.2",
        "received " + json(lines()),
        "unwrap completed",
        "after-close-notify \"\" eof");
    assertThat(stats().repliesOut.sum()).isEqualTo(LINES);
  }

  // ---------------------------------------------------------------- close_notify before the replies

  /** The replies owed when close_notify arrives come first, in order; then close_notify, then EOF. */
  @Test
  void tls13CloseNotifyBeforeTheRepliesStillGetsEveryReplyThenCloseNotify(Vertx vertx) throws Exception {
    start(vertx, 100);  // every reply is still owed when close_notify arrives
    assertThat(client("1.3", "close-first", "partial-without-newline")).containsExactly(
        "protocol TLSv1.3",
        "received " + json(lines()),
        "then close-notify",
        "after-close-notify \"\" eof");
    assertThat(stats().repliesOut.sum()).isEqualTo(LINES);
    assertThat(stats().undeliverable.sum()).isZero();
    assertThat(stats().truncatedAtEnd.sum()).as("close_notify ends the input as a FIN does").isEqualTo(1);
  }

  /**
   * TLS 1.2 has no half-close: the JDK engine answers close_notify with its own at once, and the
   * replies written after it are discarded (RFC 5246 §7.2.1); the connection still closes.
   */
  @Test
  void tls12CloseNotifyBeforeTheRepliesIsAnsweredAtOnce(Vertx vertx) throws Exception {
    start(vertx, 100);
    assertThat(client("1.2", "close-first")).containsExactly(
        "protocol TLSv1.2",
        "received \"\"",
        "then close-notify",
        "after-close-notify \"\" eof");
  }

  // ---------------------------------------------------------------- helpers

  private void start(Vertx vertx, int echoDelayMs) {
    JsonObject listener = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("codec", "text").put("address", "t.close")
        .put("tls", new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString()));
    JsonObject echo = new JsonObject().put("type", "echo").put("address", "t.close");
    if (echoDelayMs > 0) {
      echo.put("delay", echoDelayMs + "ms");
    }
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(echo))).await();
  }

  private ListenerStats stats() {
    return gateway.stats("lines");
  }

  private static String lines() {
    return IntStream.range(0, LINES).mapToObj(i -> "line-" + i + "\n").collect(Collectors.joining());
  }

  /** The string as Python's {@code json.dumps} writes it (ASCII, no quotes or backslashes inside). */
  private static String json(String text) {
    return '"' + text.replace("\n", "\\n") + '"';
  }

  /** Runs the Python client on the test thread and returns its stdout lines; its timings are printed. */
  private List<String> client(String version, String mode, String... tail) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", CLIENT.toString(), "127.0.0.1",
        Integer.toString(gateway.port("lines")), cert.toString(), version, mode, Integer.toString(LINES)));
    command.addAll(List.of(tail));
    Path stderr = dir.resolve("client-" + version + "-" + mode + ".err");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the client ends").isTrue();
      String err = Files.readString(stderr);
      System.out.printf("TLS %s %s: %s", version, mode, err);
      assertThat(process.exitValue()).as("client's exit code; stderr: %s", err).isZero();
      return out.lines().toList();
    } finally {
      process.destroyForcibly();
    }
  }
}
