package dev.framewire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.framewire.testutil.FramewireProcess;
import dev.framewire.testutil.TcpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar, black-box: {@code --log-format json} makes standard error JSON lines; the status lines stay. */
class LogFormatIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENER_LINE = Pattern.compile("^listener echo +tcp 127\\.0\\.0\\.1:(\\d+) ");
  private static final String CONF = """
      {"listeners": [{"name": "echo", "protocol": "tcp", "port": 0, "framing": "lines", "address": "it.echo"}],
       "handlers": [{"type": "echo", "address": "it.echo"}],
       "log": {"format": "text", "level": "INFO"}}""";

  @Test
  void jsonOnTheCommandLineWinsAndEveryStderrLineIsAJsonObject(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("conf.json");
    Files.writeString(conf, CONF);
    try (FramewireProcess fw = FramewireProcess.start("json", FramewireProcess.jar(),
        List.of("--conf", conf.toString(), "--log-format", "json", "--log-level", "debug"), Map.of())) {
      fw.awaitStdout(Pattern.compile("^framewire: started 1 listener\\(s\\), 1 handler\\(s\\)"), Duration.ofSeconds(60));
      int port = Integer.parseInt(fw.awaitStdout(LISTENER_LINE, Duration.ofSeconds(1)).group(1));
      String remote;
      try (TcpClient client = new TcpClient(port)) {
        remote = "127.0.0.1:" + client.socket().getLocalPort();
        client.write("hi\n");
        assertThat(client.readLine()).isEqualTo("hi");
      }
      fw.awaitStderr(Pattern.compile(Pattern.quote("(" + remote + ") closed: ")), Duration.ofSeconds(10));
      assertThat(fw.stop(Duration.ofSeconds(30))).isZero();
      assertThat(fw.lines(FramewireProcess.Stream.STDOUT)).contains("framewire: stopped");

      List<JsonNode> events = new ArrayList<>();
      for (String line : fw.lines(FramewireProcess.Stream.STDERR)) {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as("one JSON object per line: %s", line).isTrue();
        assertThat(node.has("time") && node.has("level") && node.has("logger") && node.has("message"))
            .as("time, level, logger, message: %s", line).isTrue();
        events.add(node);
      }
      assertThat(events).filteredOn(e -> remote.equals(e.path("remote").asText()))
          .extracting(e -> e.get("level").asText() + " " + e.get("listener").asText() + " " + e.path("reason").asText())
          .containsExactly("DEBUG echo ", "DEBUG echo peer closed its side");
      // the lifecycle is in the log too, and the counters carry their listener
      assertThat(events).anyMatch(e -> e.get("level").asText().equals("INFO")
          && e.get("message").asText().startsWith("framewire: started 1 listener(s)"));
      assertThat(events).anyMatch(e -> e.get("level").asText().equals("INFO")
          && e.path("listener").asText().equals("echo") && e.get("message").asText().contains("framesIn=1 "));
    }
  }

  @Test
  void textByDefaultAndABadFormatIsAUsageError(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("conf.json");
    Files.writeString(conf, CONF);
    try (FramewireProcess fw = FramewireProcess.start("bad", FramewireProcess.jar(),
        List.of("--conf", conf.toString(), "--log-format", "xml"), Map.of())) {
      assertThat(fw.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(fw.lines(FramewireProcess.Stream.STDERR))
          .containsExactly("framewire: --log-format must be text or json (was \"xml\")");
    }
    try (FramewireProcess fw = FramewireProcess.start("text", FramewireProcess.jar(),
        List.of("--conf", conf.toString()), Map.of())) {
      fw.awaitStdout(Pattern.compile("^framewire: started "), Duration.ofSeconds(60));
      assertThat(fw.stop(Duration.ofSeconds(30))).isZero();
      assertThat(fw.lines(FramewireProcess.Stream.STDERR)).isNotEmpty().allMatch(l -> !l.startsWith("{"))
          .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) INFO  RunCommand - "
              + "listener echo: connections=0/0 .*"));
    }
  }
}
