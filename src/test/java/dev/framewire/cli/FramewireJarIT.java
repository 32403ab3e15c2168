package dev.framewire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.ExampleHandler;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Black-box: the built {@code target/framewire.jar} on its embedded default configuration, talked
 * to by Python standard-library socket clients; {@code check}; a port already in use; SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FramewireJarIT {
  private static final Path JAR = Paths.get(System.getProperty("framewire.jar", "target/framewire.jar"));
  private static final Path BLACKBOX = Paths.get("src/test/python/blackbox.py");

  /** A started process with its output collected line by line. */
  private static final class Running implements AutoCloseable {
    final Process process;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch started = new CountDownLatch(1);
    final Thread reader;

    Running(List<String> args, Map<String, String> env) throws IOException {
      List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      process = pb.start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("framewire: started")) {
              started.countDown();
            }
          }
        } catch (IOException e) {
          // process gone
        }
      }, "framewire-output");
      reader.setDaemon(true);
      reader.start();
    }

    int waitFor() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited in time; output: %s", lines).isTrue();
      reader.join(10_000);  // the last lines may still be in the pipe
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static String javaBin() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The port a start line reports, e.g. {@code listener echo           tcp 127.0.0.1:40123  ...}:
   * every port of the test's configuration is 0, and this is where the kernel put it.
   */
  private static int boundPort(List<String> lines, String prefix) {
    String line;
    synchronized (lines) {
      line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
          .orElseThrow(() -> new AssertionError("no line starting " + prefix + " in " + lines));
    }
    Matcher m = BOUND.matcher(line);
    assertThat(m.find()).as("a bound address in %s", line).isTrue();
    int port = Integer.parseInt(m.group(1));
    assertThat(port).as("bound port in %s", line).isPositive();
    return port;
  }

  private static final Pattern BOUND = Pattern.compile(" 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void defaultConfigurationServesPythonClientsAndStopsOnSigterm() throws Exception {
    assertThat(JAR).as("run `mvn package` first").exists();
    // every port 0: the kernel picks them all, so nothing else can take one between a test's
    // choice and Framewire's bind; the start lines say where each went
    Map<String, String> env = Map.of(
        "FRAMEWIRE_ECHO_PORT", "0",
        "FRAMEWIRE_TUTORIAL_TCP_PORT", "0",
        "FRAMEWIRE_TUTORIAL_UDP_PORT", "0",
        "FRAMEWIRE_CHAT_PORT", "0",
        "FRAMEWIRE_LINES_PORT", "0",
        "FRAMEWIRE_JSON_PORT", "0",
        "FRAMEWIRE_POLYGLOT_PORT", "0",
        "FRAMEWIRE_BRIDGE_PORT", "0",
        "FRAMEWIRE_HTTP_PORT", "0");
    try (Running fw = new Running(List.of(), env)) {
      assertThat(fw.started.await(60, TimeUnit.SECONDS)).as("started; output: %s", fw.lines).isTrue();
      int echo = boundPort(fw.lines, "listener echo ");
      int tutorialTcp = boundPort(fw.lines, "listener tutorial-tcp ");
      int tutorialUdp = boundPort(fw.lines, "listener tutorial-udp ");
      int chat = boundPort(fw.lines, "listener chat ");
      int lines = boundPort(fw.lines, "listener lines ");
      int json = boundPort(fw.lines, "listener json ");
      int polyglot = boundPort(fw.lines, "listener polyglot ");
      int bridge = boundPort(fw.lines, "bridge   tcp ");
      int http = boundPort(fw.lines, "http     ");
      assertThat(fw.lines).anyMatch(l -> l.startsWith("listener tutorial-udp ") && l.contains(" udp "));
      assertThat(fw.lines).anyMatch(l -> l.startsWith("handler  broadcast "));

      Process py = new ProcessBuilder("python3", BLACKBOX.toString(), Integer.toString(echo),
          Integer.toString(tutorialTcp), Integer.toString(tutorialUdp), Integer.toString(chat), Integer.toString(lines), Integer.toString(json))
          .redirectErrorStream(true).start();
      String report = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(py.exitValue()).as(report).isZero();
      assertThat(report).contains("blackbox: 6 ok, 0 failing");

      // the examples' READMEs: the Python (and, where there is node, the Node.js) handler serves
      // listener polyglot through the bridge; with both, the bus alternates and order still holds
      List<ExampleHandler> handlers = new ArrayList<>();
      try {
        handlers.add(ExampleHandler.python(bridge, "framewire.polyglot"));
        if (ExampleHandler.nodeAvailable()) {
          handlers.add(ExampleHandler.node(bridge, "framewire.polyglot"));
        }
        try (TcpClient client = new TcpClient(polyglot)) {
          StringBuilder burst = new StringBuilder();
          for (int i = 0; i < 200; i++) {
            burst.append("hello ").append(i).append('\n');
          }
          client.write(burst.toString());
          for (int i = 0; i < 200; i++) {
            assertThat(client.readLine()).isEqualTo("HELLO " + i);
          }
        }
      } finally {
        handlers.forEach(ExampleHandler::close);
      }

      // the monitoring server of the default config: Framewire's counters and Vert.x's own
      assertThat(Http.get(http, "/ready").statusCode()).isEqualTo(200);
      Map<String, Double> metrics = Http.scrape(http);
      assertThat(metrics).containsEntry("framewire_frames_received_total{listener=\"polyglot\",protocol=\"tcp\"}", 200.0)
          .containsEntry("framewire_frames_sent_total{kind=\"reply\",listener=\"polyglot\",protocol=\"tcp\"}", 200.0)
          .containsEntry("framewire_connections_open{listener=\"polyglot\",protocol=\"tcp\"}", 0.0);
      assertThat(metrics.keySet()).anyMatch(k -> k.startsWith("vertx_net_server_"))
          .anyMatch(k -> k.startsWith("vertx_eventbus_handlers{address=\"framewire.lines\""))
          .anyMatch(k -> k.startsWith("vertx_datagram_"));

      fw.process.toHandle().destroy();  // SIGTERM (Process.destroy() would also close our end of its output)
      assertThat(fw.waitFor()).as("exit code after SIGTERM; output: %s", fw.lines).isZero();
      assertThat(fw.lines).contains("framewire: stopped");
    }
  }

  @Test
  void clusterFlagStartsAClusteredNodeThatLeavesOnSigterm(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path conf = dir.resolve("edge.json");
    Files.writeString(conf, """
        {"listeners": [{"name": "edge", "protocol": "tcp", "port": 0, "framing": {"type": "lines"},
                        "address": "jar-it.edge"}]}""");
    int port = freeTcpPort();
    Map<String, String> env = Map.of("FRAMEWIRE_CLUSTER_PORT", Integer.toString(port),
        "FRAMEWIRE_CLUSTER_MEMBERS", "127.0.0.1:" + port);
    try (Running fw = new Running(List.of("--conf", conf.toString(), "--cluster"), env)) {
      assertThat(fw.started.await(60, TimeUnit.SECONDS)).as("started; output: %s", fw.lines).isTrue();
      assertThat(fw.lines).anyMatch(l -> l.startsWith("framewire: joining cluster framewire on 127.0.0.1, member port "
          + port));
      assertThat(fw.lines).anyMatch(l -> l.startsWith("framewire: started 1 listener(s), 0 handler(s)")
          && l.contains(", clustered; node "));
      // a listener-only node is normal on a cluster: no warning
      assertThat(fw.lines).noneMatch(l -> l.contains("WARN"));
      fw.process.toHandle().destroy();
      assertThat(fw.waitFor()).as("exit code after SIGTERM; output: %s", fw.lines).isZero();
      assertThat(fw.lines).anyMatch(l -> l.matches(".*cluster: event-bus registrations added=\\d+ removed=\\d+ by this node"));
      assertThat(fw.lines).contains("framewire: stopped");
    }
  }

  @Test
  void portInUseIsOneClearLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Map<String, String> env = Map.of("FRAMEWIRE_ECHO_PORT", Integer.toString(port),
          "FRAMEWIRE_TUTORIAL_TCP_PORT", "0", "FRAMEWIRE_TUTORIAL_UDP_PORT", "0", "FRAMEWIRE_CHAT_PORT", "0",
          "FRAMEWIRE_LINES_PORT", "0", "FRAMEWIRE_JSON_PORT", "0", "FRAMEWIRE_POLYGLOT_PORT", "0",
          "FRAMEWIRE_BRIDGE_PORT", "0", "FRAMEWIRE_HTTP_PORT", "0");
      try (Running fw = new Running(List.of(), env)) {
        assertThat(fw.waitFor()).isEqualTo(1);
        assertThat(fw.lines).contains("framewire: listener echo (tcp 127.0.0.1:" + port
            + "): cannot bind: address already in use");
      }
    }
  }

  @Test
  void checkListsEveryErrorAndExitsOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, """
        {"listeners": [
          {"name": "a", "protocol": "tcp", "port": 70000, "address": "x"},
          {"name": "b", "protocol": "tcp", "port": 1, "address": "x",
           "framing": {"type": "length-prefixed", "headerBytes": 3}}
        ]}""");
    try (Running fw = new Running(List.of("check", bad.toString()), Map.of())) {
      assertThat(fw.waitFor()).isEqualTo(1);
      assertThat(fw.lines).anyMatch(l -> l.contains("listeners[0].port"));
      assertThat(fw.lines).anyMatch(l -> l.contains("listeners[1].framing.headerBytes: must be one of 1, 2, 4, 8 (was 3)"));
    }
    try (Running fw = new Running(List.of("check", "conf/config.json"), Map.of())) {
      assertThat(fw.waitFor()).isZero();
      assertThat(fw.lines).contains("conf/config.json: OK (7 listener(s), 5 handler(s), a bridge)");
    }
    try (Running fw = new Running(List.of("check", "conf/examples/cluster-edge.json"), Map.of())) {
      assertThat(fw.waitFor()).isZero();
      assertThat(fw.lines).contains("conf/examples/cluster-edge.json: OK (2 listener(s), 0 handler(s), clustered)");
    }
  }
}
