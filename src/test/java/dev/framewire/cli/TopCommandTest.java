package dev.framewire.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Ports;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code top} run in-process through {@link Main#commandLine()} against a gateway's monitoring server. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TopCommandTest {
  private static final String TOKEN = "0123456789abcdef-top";
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result top(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, UTF_8);
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(errStream, true));
    ((TopCommand) cl.getSubcommands().get("top").getCommand()).streams(new PrintStream(out, true, UTF_8), errStream,
        false);
    int code = cl.execute(Stream.concat(Stream.of("top"), Arrays.stream(args)).toArray(String[]::new));
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  private Gateway start(Vertx vertx) {
    JsonObject lines = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", "t.echo");
    JsonObject config = new JsonObject().put("listeners", new JsonArray().add(lines))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.echo")))
        .put("http", new JsonObject().put("port", 0).put("token", TOKEN));
    return Gateway.start(vertx, config).await();
  }

  @Test
  void printsOneTablePerSnapshotAsPlainLinesWhenNotOnATerminal(Vertx vertx) {
    gateway = start(vertx);
    String url = "http://127.0.0.1:" + gateway.httpPort();
    try (TcpClient c = new TcpClient(gateway.port("lines"))) {
      c.write("hello\nworld\n");
      assertThat(c.readLine()).isEqualTo("hello");
      assertThat(c.readLine()).isEqualTo("world");

      Result r = top("--iterations", "2", "--token", TOKEN, url);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).doesNotContain("\033");
      assertThat(r.out().split("Framewire " + url + "/", -1)).hasSize(3);  // two tables
      String listenerLine = r.out().lines().filter(l -> l.startsWith("lines ")).findFirst().orElseThrow();
      assertThat(listenerLine.split(" +")).startsWith("lines", "tcp", "127.0.0.1:" + gateway.port("lines"), "1");
      assertThat(listenerLine.split(" +")).endsWith("2", "2");  // frames in, frames out
      assertThat(r.out()).contains("CONNECTIONS (1 open)");
      String connectionLine = r.out().lines().filter(l -> l.contains("127.0.0.1:" + c.socket().getLocalPort()))
          .findFirst().orElseThrow();
      assertThat(connectionLine.split(" +")).startsWith("lines").endsWith("2", "2", "12", "12");
    }
  }

  @Test
  void aMissingTokenIsOneClearLine(Vertx vertx) {
    gateway = start(vertx);
    Result r = top("--iterations", "1", "http://127.0.0.1:" + gateway.httpPort() + "/");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("framewire top: http://127.0.0.1:" + gateway.httpPort()
        + "/ needs the http section's bearer token: --token or FRAMEWIRE_HTTP_TOKEN\n");
  }

  @Test
  void nobodyListeningIsExitOneAndABadUrlExitTwo() throws IOException {
    int port = Ports.freePort();
    Result refused = top("--iterations", "1", "http://127.0.0.1:" + port);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).startsWith("framewire top: cannot connect to http://127.0.0.1:" + port + "/");
    Result bad = top("tcp://127.0.0.1:1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("framewire top: bad URL tcp://127.0.0.1:1");
  }

  @Test
  void onATerminalEachTableFirstClearsTheScreen() {
    JsonObject snapshot = new JsonObject().put("time", 0L).put("listeners", new JsonArray()).put("connections",
        new JsonArray()).put("connectionsOpen", 0);
    assertThat(TopCommand.render(snapshot, "http://h/", true, 20)).startsWith("\033[H\033[2J");
    assertThat(TopCommand.render(snapshot, "http://h/", false, 20)).startsWith("Framewire http://h/").endsWith("\n\n");
  }
}
