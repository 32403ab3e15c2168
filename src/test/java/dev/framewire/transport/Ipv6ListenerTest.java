package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Frame;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.UdpClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Listeners bound to the IPv6 loopback, and the envelope's bracketed addresses. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class Ipv6ListenerTest {
  private Gateway gateway;

  @BeforeAll
  static void needsIpv6Loopback() {
    boolean available;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      available = true;
    } catch (IOException e) {
      available = false;
    }
    Assumptions.assumeTrue(available, "no IPv6 loopback on this machine");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private static JsonObject listener(String name, String protocol, String address) {
    return new JsonObject().put("name", name).put("protocol", protocol).put("host", "::1").put("port", 0)
        .put("codec", "text").put("address", address);
  }

  /** A consumer that records the headers of the last frame, pushes, then replies "seen <body>". */
  private static AtomicReference<MultiMap> consume(Vertx vertx, String address) {
    AtomicReference<MultiMap> headers = new AtomicReference<>();
    vertx.eventBus().<String>consumer(address, m -> {
      headers.set(m.headers());
      Frame frame = Frame.of(vertx.eventBus(), m);
      frame.push("pushed");
      frame.reply("seen " + m.body());
    }).completion().await();
    return headers;
  }

  @Test
  void tcpListenerServesAClientOnTheIpv6Loopback(Vertx vertx) throws IOException {
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray()
        .add(listener("v6", "tcp", "t.v6").put("framing", "lines")))).await();
    AtomicReference<MultiMap> headers = consume(vertx, "t.v6");
    int port = gateway.port("v6");
    int clientPort;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName("::1"), port), 5_000);
      socket.setSoTimeout(10_000);
      clientPort = socket.getLocalPort();
      socket.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("pushed");
      assertThat(in.readLine()).isEqualTo("seen x");
    }
    MultiMap h = headers.get();
    assertThat(h.get("fw.protocol")).isEqualTo("tcp");
    assertThat(h.get("fw.remote")).isEqualTo("[::1]:" + clientPort);
    assertThat(h.get("fw.local")).isEqualTo("[::1]:" + port);
  }

  @Test
  void udpListenerServesASenderOnTheIpv6Loopback(Vertx vertx) {
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray()
        .add(listener("v6u", "udp", "t.v6u")))).await();
    AtomicReference<MultiMap> headers = consume(vertx, "t.v6u");
    int port = gateway.port("v6u");
    int clientPort;
    Set<String> got = new HashSet<>();
    try (UdpClient client = new UdpClient("::1", port)) {
      clientPort = client.localPort();
      client.send("x");
      got.add(client.receiveText());
      assertThat(client.lastSender()).isEqualTo(new InetSocketAddress("::1", port));
      got.add(client.receiveText());
    }
    // push and reply are two datagrams, which UDP does not order
    assertThat(got).containsExactlyInAnyOrder("pushed", "seen x");
    MultiMap h = headers.get();
    assertThat(h.get("fw.protocol")).isEqualTo("udp");
    assertThat(h.get("fw.remote")).isEqualTo("[::1]:" + clientPort);
    assertThat(h.get("fw.local")).isEqualTo("[::1]:" + port);
    assertThat(h.get("fw.conn")).endsWith(".v6u.0/[::1]:" + clientPort);
  }
}
