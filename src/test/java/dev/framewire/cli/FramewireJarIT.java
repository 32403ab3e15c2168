package dev.framewire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.ExampleHandler;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
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

  private static int freeTcpAndUdpPort() throws IOException {
    for (int i = 0; i < 50; i++) {
      int port = freeTcpPort();
      try (DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException e) {
        // taken for UDP: try another
      }
    }
    throw new IOException("no port free for both TCP and UDP");
  }

  @Test
  void defaultConfigurationServesPythonClientsAndStopsOnSigterm() throws Exception {
    assertThat(JAR).as("run `mvn package` first").exists();
    int echo = freeTcpPort();
    int tutorial = freeTcpAndUdpPort();
    int chat = freeTcpPort();
    int lines = freeTcpPort();
    int json = freeTcpPort();
    int polyglot = freeTcpPort();
    int bridge = freeTcpPort();
    Map<String, String> env = Map.of(
        "FRAMEWIRE_ECHO_PORT", Integer.toString(echo),
        "FRAMEWIRE_TUTORIAL_TCP_PORT", Integer.toString(tutorial),
        "FRAMEWIRE_TUTORIAL_UDP_PORT", Integer.toString(tutorial),
        "FRAMEWIRE_CHAT_PORT", Integer.toString(chat),
        "FRAMEWIRE_LINES_PORT", Integer.toString(lines),
        "FRAMEWIRE_JSON_PORT", Integer.toString(json),
        "FRAMEWIRE_POLYGLOT_PORT", Integer.toString(polyglot),
        "FRAMEWIRE_BRIDGE_PORT", Integer.toString(bridge),
        "FRAMEWIRE_HTTP_PORT", "0");
    try (Running fw = new Running(List.of(), env)) {
      assertThat(fw.started.await(60, TimeUnit.SECONDS)).as("started; output: %s", fw.lines).isTrue();
      assertThat(fw.lines).anyMatch(l -> l.startsWith("listener echo ") && l.contains("127.0.0.1:" + echo));
      assertThat(fw.lines).anyMatch(l -> l.startsWith("listener tutorial-udp ") && l.contains(" udp "));
      assertThat(fw.lines).anyMatch(l -> l.startsWith("handler  broadcast "));

      Process py = new ProcessBuilder("python3", BLACKBOX.toString(), Integer.toString(echo),
          Integer.toString(tutorial), Integer.toString(chat), Integer.toString(lines), Integer.toString(json))
          .redirectErrorStream(true).start();
      String report = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(py.exitValue()).as(report).isZero();
      assertThat(report).contains("blackbox: 6 ok, 0 failing");

      // the examples' READMEs: the Python (and, where there is node, the Node.js) handler serves
      // listener polyglot through the bridge; with both, the bus alternates and order still holds
      assertThat(fw.lines).anyMatch(l -> l.startsWith("bridge   tcp 127.0.0.1:" + bridge));
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
      String httpLine = fw.lines.stream().filter(l -> l.startsWith("http     127.0.0.1:")).findFirst().orElseThrow();
      int http = Integer.parseInt(httpLine.substring("http     127.0.0.1:".length()).split(" ")[0]);
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
