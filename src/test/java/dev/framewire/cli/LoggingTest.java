package dev.framewire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.framewire.config.LogConfig;
import dev.framewire.config.LogFormat;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The two log formats, as {@link Logging} sets them up for the run command, around a real gateway. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECTION_LOGGER = "dev.framewire.transport.TcpConnection";
  /** A frame body: it must never show in the log unless payloads are asked for. */
  private static final String SECRET = "SECRET-PAYLOAD-1";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Gateway gateway;

  @AfterEach
  void restore() throws Exception {
    if (gateway != null) {
      gateway.stop().await();
    }
    // back to logback-test.xml for the tests that follow in this JVM
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonConnectionEventsAreOneObjectPerLineWithListenerAndRemote(Vertx vertx) throws Exception {
    Logging.configure(new LogConfig(LogFormat.JSON, Level.DEBUG, false), out);
    start(vertx, 1024);

    String remote;
    try (TcpClient client = new TcpClient(gateway.port("echo"))) {
      remote = "127.0.0.1:" + client.socket().getLocalPort();
      client.write("hello\n");
      assertThat(client.readLine()).isEqualTo("hello");
      client.shutdownOutput();
      assertThat(client.readToEnd()).isEmpty();
    }
    Eventually.await(vertx, () -> text().contains("closed"));

    List<JsonNode> events = jsonLines();
    List<JsonNode> connection = events.stream().filter(e -> e.path("logger").asText().equals(CONNECTION_LOGGER))
        .toList();
    assertThat(connection).hasSize(2);
    JsonNode opened = connection.get(0);
    assertThat(fieldNames(opened)).containsExactly("time", "level", "logger", "message", "listener", "remote");
    assertThat(opened.get("level").asText()).isEqualTo("DEBUG");
    assertThat(opened.get("listener").asText()).isEqualTo("echo");
    assertThat(opened.get("remote").asText()).isEqualTo(remote);
    assertThat(opened.get("message").asText()).startsWith("listener echo: connection ").endsWith(" from " + remote
        + " opened");
    assertThat(opened.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
    JsonNode closed = connection.get(1);
    assertThat(fieldNames(closed)).containsExactly("time", "level", "logger", "message", "listener", "remote",
        "reason");
    assertThat(closed.get("listener").asText()).isEqualTo("echo");
    assertThat(closed.get("remote").asText()).isEqualTo(remote);
    assertThat(closed.get("reason").asText()).isEqualTo("peer closed its side");
  }

  @Test
  void noFrameBytesInTheLogForABadFrameByDefault(Vertx vertx) throws Exception {
    Logging.configure(new LogConfig(LogFormat.JSON, Level.TRACE, false), out);
    start(vertx, 8);

    try (TcpClient client = new TcpClient(gateway.port("echo"))) {
      client.write(SECRET + "\n");
      client.readToEnd();  // answered and closed: oversize
    }
    Eventually.await(vertx, () -> text().contains("closed: oversize"));

    List<JsonNode> events = jsonLines();
    assertThat(events).anyMatch(e -> e.get("level").asText().equals("WARN")
        && e.get("message").asText().contains("over maxLength 8; closing the connection"));
    assertThat(text()).doesNotContain("SECRET").doesNotContain(hex("SECRET"));
  }

  @Test
  void payloadsOnDumpsTheBytes(Vertx vertx) throws Exception {
    Logging.configure(new LogConfig(LogFormat.TEXT, Level.INFO, true), out);
    start(vertx, 1024);

    try (TcpClient client = new TcpClient(gateway.port("echo"))) {
      client.write(SECRET + "\n");
      assertThat(client.readLine()).isEqualTo(SECRET);
    }
    Eventually.await(vertx, () -> text().contains("|" + SECRET + "|"));
  }

  @Test
  void textIsOneHumanReadableLinePerEvent() {
    Logging.configure(new LogConfig(LogFormat.TEXT, Level.INFO, false), out);
    org.slf4j.Logger log = LoggerFactory.getLogger("dev.framewire.transport.TcpListenerVerticle");

    log.atInfo().addKeyValue("listener", "echo").log("listener {}: bound to {}", "echo", "127.0.0.1:7000");
    log.debug("not at INFO");

    assertThat(text().lines().toList()).singleElement().asString()
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
            + "INFO  TcpListenerVerticle - listener echo: bound to 127.0.0.1:7000");
  }

  @Test
  void theCommandLineWinsOverTheConfig() {
    LogOptions options = new LogOptions();
    options.format = "json";
    LogConfig config = new LogConfig(LogFormat.TEXT, Level.WARN, true);

    assertThat(options.over(config)).isEqualTo(new LogConfig(LogFormat.JSON, Level.WARN, true));
    options.level = "debug";
    assertThat(options.over(config)).isEqualTo(new LogConfig(LogFormat.JSON, Level.DEBUG, true));
    assertThat(new LogOptions().over(config)).isEqualTo(config);
  }

  private void start(Vertx vertx, int maxLength) {
    JsonObject listener = new JsonObject().put("name", "echo").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines").put("maxLength", maxLength)).put("address", "t.echo");
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.echo"))))
        .await();
  }

  private String text() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Every line parsed: each must be one JSON object. */
  private List<JsonNode> jsonLines() {
    List<JsonNode> events = new ArrayList<>();
    for (String line : text().lines().toList()) {
      try {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
        events.add(node);
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return events;
  }

  /** In the order written. */
  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String hex(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }
}
