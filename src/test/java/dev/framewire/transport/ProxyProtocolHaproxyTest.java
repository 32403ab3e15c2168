package dev.framewire.transport;

import static dev.framewire.transport.ProxyProtocolTest.proxied;
import static dev.framewire.transport.ProxyProtocolTest.remoteEcho;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.testutil.Commands;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Ports;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HAProxy in TCP mode in front of a listener: one frontend whose backend sends PROXY v1
 * ({@code send-proxy}), one sending v2 ({@code send-proxy-v2}). The handler must see the test
 * client's own address and port, not HAProxy's. Skipped where there is no {@code haproxy} command
 * (CI installs Debian's).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ProxyProtocolHaproxyTest {
  private static final String HAPROXY = Commands.available("haproxy", "-v") ? "haproxy"
      : Commands.available("/usr/sbin/haproxy", "-v") ? "/usr/sbin/haproxy" : null;

  @TempDir
  Path dir;
  private Gateway gateway;
  private Process haproxy;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    if (haproxy != null) {
      haproxy.destroyForcibly();
    }
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  @Test
  void haproxyTellsTheHandlerWhoTheClientIs(Vertx vertx) throws Exception {
    assumeTrue(HAPROXY != null, "the haproxy command is needed");
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(proxied("127.0.0.1/32")))
        .put("handlers", new JsonArray().add(remoteEcho()))).await();

    int[] ports = startHaproxy(vertx);
    if (ports == null) {
      ports = startHaproxy(vertx); // another process took a picked port before haproxy bound it: once more
    }
    assertThat(ports).as("haproxy did not start: %s", output).isNotNull();

    for (int port : ports) {
      try (TcpClient client = new TcpClient(port)) {
        String self = "127.0.0.1:" + client.socket().getLocalPort();
        client.write("first\nsecond\n");
        assertThat(client.readLine()).isEqualTo(self + " first");
        assertThat(client.readLine()).isEqualTo(self + " second");
      }
    }
    ListenerStats stats = gateway.stats("p");
    assertThat(stats.connectionsOpened.sum()).isEqualTo(2);
    assertThat(stats.repliesOut.sum()).isEqualTo(4);
    assertThat(stats.rejectedTotal()).isZero();
  }

  /**
   * Starts haproxy with two frontends on free ports (haproxy cannot bind port 0: picked by binding
   * and closing a socket) and waits until it listens. Null when it did not come up. Readiness is
   * probed on a third frontend that turns every connection away, so that no probe reaches the
   * listener; haproxy binds all its frontends before it serves any.
   */
  private int[] startHaproxy(Vertx vertx) throws IOException {
    int v1 = Ports.freePort();
    int v2 = Ports.freePort();
    int ready = Ports.freePort();
    int backend = gateway.port("p");
    Path config = dir.resolve("haproxy-" + v1 + ".cfg");
    Files.writeString(config, String.join("\n",
        "global",
        "  maxconn 64",
        "defaults",
        "  mode tcp",
        "  timeout connect 5s",
        "  timeout client 30s",
        "  timeout server 30s",
        "frontend ready",
        "  bind 127.0.0.1:" + ready,
        "  tcp-request connection reject",
        "frontend v1",
        "  bind 127.0.0.1:" + v1,
        "  default_backend framewire_v1",
        "frontend v2",
        "  bind 127.0.0.1:" + v2,
        "  default_backend framewire_v2",
        "backend framewire_v1",
        "  server fw 127.0.0.1:" + backend + " send-proxy",
        "backend framewire_v2",
        "  server fw 127.0.0.1:" + backend + " send-proxy-v2",
        ""));
    if (haproxy != null) {
      haproxy.destroyForcibly();
    }
    haproxy = new ProcessBuilder(HAPROXY, "-f", config.toString(), "-db").redirectErrorStream(true).start();
    Commands.readLines(haproxy, "haproxy-output", output::add, () -> { });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (haproxy.isAlive() && System.nanoTime() - deadline < 0) {
      if (accepts(ready)) {
        return new int[] {v1, v2};
      }
      try {
        vertx.timer(10, TimeUnit.MILLISECONDS).await(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // a late timer is only a longer pause; the deadline bounds the wait
      }
    }
    return null;
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
