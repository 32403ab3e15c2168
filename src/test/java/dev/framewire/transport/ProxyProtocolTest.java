package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.ConfigLoader;
import dev.framewire.testutil.Configs;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PROXY protocol on a {@code lines} listener over real sockets: the test client plays the
 * proxy, writing v1 text and v2 binary headers built here byte by byte from the specification
 * (haproxy.org/download/2.6/doc/proxy-protocol.txt). A template handler answers
 * {@code {remote} {text}}, so each reply shows the {@code fw.remote} the handler saw.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ProxyProtocolTest {
  /** The v2 signature: {@code \r\n\r\n\0\r\nQUIT\n}. */
  static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  private static final int V2_PROXY = 0x21;
  private static final int V2_LOCAL = 0x20;
  private static final int TCP4 = 0x11;
  private static final int UDP4 = 0x12;
  private static final int TCP6 = 0x21;
  private static final int UNIX_STREAM = 0x31;
  private static final int UNSPEC = 0x00;

  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  // ---------------------------------------------------------------- the header's source is fw.remote

  @Test
  void v1HeadersNameTheClientForTheHandler(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32"));
    assertThat(gateway.lines).anyMatch(line -> line.matches("listener p +tcp proxy 127\\.0\\.0\\.1:\\d+ .*"));
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7000\r\nhello\nworld\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 hello");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 world");
    }
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY TCP6 2001:db8::1 2001:db8::2 4000 7000\r\nsix\n");
      assertThat(client.readLine()).isEqualTo("[2001:db8::1]:4000 six");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(2);
    assertThat(stats().rejectedTotal()).isZero();
  }

  @Test
  void v2HeadersNameTheClientForTheHandler(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32"));
    try (TcpClient client = new TcpClient(port())) {
      client.write(concat(v2(V2_PROXY, TCP4, ipv4(192, 0, 2, 10), ipv4(198, 51, 100, 1), 56324, 7000, new byte[0]),
          "hello\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 hello");
    }
    // IPv6, with TLVs after the addresses (an authority, and a NOOP padding) that are skipped
    byte[] tlvs = concat(tlv(0x02, "chat.example".getBytes(StandardCharsets.US_ASCII)), tlv(0x04, new byte[3]));
    try (TcpClient client = new TcpClient(port())) {
      client.write(concat(v2(V2_PROXY, TCP6, ipv6("2001:db8::1"), ipv6("2001:db8::2"), 65535, 7000, tlvs),
          "six\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(client.readLine()).isEqualTo("[2001:db8::1]:65535 six");
    }
    // a UNIX stream socket behind the proxy: 108-byte NUL-padded paths
    try (TcpClient client = new TcpClient(port())) {
      client.write(concat(v2(V2_PROXY, UNIX_STREAM, unixPath("/run/app.sock"), unixPath("/run/fw.sock"), -1, -1,
          new byte[0]), "unix\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(client.readLine()).isEqualTo("unix:/run/app.sock unix");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(3);
    assertThat(stats().rejectedTotal()).isZero();
  }

  /**
   * A proxy's own connections (v2 LOCAL, sent by HAProxy's health checks; v1 UNKNOWN) carry no
   * client: the connection is served as the proxy's own, its fw.remote the proxy's address.
   */
  @Test
  void localAndUnknownHeadersLeaveTheProxyAsRemote(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32"));
    try (TcpClient client = new TcpClient(port())) {
      client.write(concat(v2(V2_LOCAL, UNSPEC, new byte[0], new byte[0], -1, -1, new byte[0]),
          "check\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(client.readLine()).isEqualTo("127.0.0.1:" + client.socket().getLocalPort() + " check");
    }
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY UNKNOWN\r\nunknown\n");
      assertThat(client.readLine()).isEqualTo("127.0.0.1:" + client.socket().getLocalPort() + " unknown");
    }
    assertThat(stats().rejectedTotal()).isZero();
  }

  @Test
  void aHeaderSplitIntoSingleBytesIsReadWhole(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32"));
    byte[] v1 = "PROXY TCP4 203.0.113.7 198.51.100.1 1234 7000\r\nsplit\n".getBytes(StandardCharsets.US_ASCII);
    byte[] v2 = concat(v2(V2_PROXY, TCP4, ipv4(203, 0, 113, 8), ipv4(198, 51, 100, 1), 4321, 7000, new byte[0]),
        "split\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] bytes : List.of(v1, v2)) {
      try (TcpClient client = new TcpClient(port())) {
        for (byte b : bytes) {
          client.write(new byte[] {b}); // one segment each: the client's socket has TCP_NODELAY
        }
        assertThat(client.readLine()).isEqualTo(bytes == v1 ? "203.0.113.7:1234 split" : "203.0.113.8:4321 split");
      }
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- refused

  @Test
  void aMalformedHeaderIsClosedAndCountedAndOthersAreServed(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32"));
    List<byte[]> malformed = List.of(
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),  // not a header at all
        "PROXY TCP4 192.0.2.999 198.51.100.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII), // bad address
        ("PROXY TCP4 " + "1".repeat(120)).getBytes(StandardCharsets.US_ASCII), // over the v1 limit, no CRLF
        v2(V2_PROXY, UDP4, ipv4(192, 0, 2, 1), ipv4(192, 0, 2, 2), 53, 53, new byte[0]), // a datagram source
        concat(V2_SIGNATURE, new byte[] {0x31, TCP4, 0, 12}, new byte[12])); // version 3
    for (byte[] header : malformed) {
      try (TcpClient client = new TcpClient(port())) {
        client.write(header);
        client.write("line\n");
        assertThat(client.readToEnd()).isEmpty();
      }
    }
    Eventually.await(vertx, () -> rejected(ListenerStats.Rejection.PROXY_HEADER) == malformed.size());
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7000\r\nstill here\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 still here");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(1);
    assertThat(rejected(ListenerStats.Rejection.PROXY_HEADER)).isEqualTo(malformed.size());
    assertThat(rejected(ListenerStats.Rejection.TLS_HANDSHAKE)).isZero();
    assertThat(Http.scrape(gateway.httpPort())).containsEntry(
        "framewire_connections_rejected_total{listener=\"p\",protocol=\"tcp\",reason=\"proxy_header\"}",
        (double) malformed.size());
  }

  /** Only a trusted proxy may name the client: from anywhere else a valid header is refused. */
  @Test
  void aHeaderFromAnUntrustedPeerIsRefused(Vertx vertx) {
    start(vertx, proxied("127.0.0.2/32"));
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7000\r\nspoofed\n");
      assertThat(client.readToEnd()).isEmpty();
    }
    assertThat(rejected(ListenerStats.Rejection.UNTRUSTED_PROXY)).isEqualTo(1);
    // the same header from the trusted proxy's address (all of 127/8 is loopback on Linux)
    try (TcpClient client = TcpClient.from("127.0.0.2", "127.0.0.1", port())) {
      client.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7000\r\ntrusted\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 trusted");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(1);
    assertThat(rejected(ListenerStats.Rejection.UNTRUSTED_PROXY)).isEqualTo(1);
    assertThat(Http.scrape(gateway.httpPort())).containsEntry(
        "framewire_connections_rejected_total{listener=\"p\",protocol=\"tcp\",reason=\"untrusted_proxy\"}", 1.0);
  }

  /**
   * A connection that sends no header, or half of one, is closed at proxyProtocolTimeout. Vert.x
   * 5.1.6 closes it without reporting it, so it is in no counter.
   */
  @Test
  void aHeaderThatDoesNotComeInTimeIsClosed(Vertx vertx) {
    start(vertx, proxied("127.0.0.1/32").put("proxyProtocolTimeout", "300ms"));
    try (TcpClient silent = new TcpClient(port()); TcpClient partial = new TcpClient(port())) {
      partial.write("PROXY TCP4 192.0.2.10 ");
      long started = System.nanoTime();
      assertThat(silent.closedByPeer()).isTrue();
      assertThat(partial.closedByPeer()).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
    }
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7000\r\nin time\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 in time");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(1);
  }

  /** Random bytes as a header, or after a valid v2 signature or "PROXY ": never a connection, never a dead listener. */
  @Test
  void randomBytesAsAHeaderNeverHurtTheListener(Vertx vertx) {
    // a v2 signature with a random length waits for bytes that never come: a short timeout
    start(vertx, proxied("127.0.0.1/32").put("proxyProtocolTimeout", "100ms"));
    Random random = new Random(8);
    for (int i = 0; i < 45; i++) {
      byte[] noise = new byte[1 + random.nextInt(300)];
      random.nextBytes(noise);
      byte[] header = switch (i % 3) {
        case 0 -> noise;
        case 1 -> concat(V2_SIGNATURE, noise);
        default -> concat("PROXY ".getBytes(StandardCharsets.US_ASCII), noise);
      };
      try (TcpClient client = new TcpClient(port())) {
        client.write(header);
        client.write("PROXY TCP4 192.0.2.10 198.51.100.1 1 2\r\nline\n"); // never read as a header
        assertThat(client.closedByPeer()).as("connection %d", i).isTrue();
      } catch (UncheckedIOException e) {
        // the listener closed it while the client was still writing: refused, as it should be
      }
    }
    try (TcpClient client = new TcpClient(port())) {
      client.write("PROXY TCP4 192.0.2.10 198.51.100.1 56324 7000\r\nalive\n");
      assertThat(client.readLine()).isEqualTo("192.0.2.10:56324 alive");
    }
    assertThat(stats().connectionsOpened.sum()).isEqualTo(1);
    assertThat(rejected(ListenerStats.Rejection.UNTRUSTED_PROXY)).isZero();
  }

  @Test
  void optionsAskVertxForTheHeaderWithTheTimeout() {
    NetServerOptions options = OptionsMapper.netServerOptions(ConfigLoader.parse(new JsonObject().put("listeners",
        new JsonArray().add(proxied("10.0.0.0/8").put("proxyProtocolTimeout", "1500ms")))).listeners().get(0), 0);
    assertThat(options.isUseProxyProtocol()).isTrue();
    assertThat(options.getProxyProtocolTimeoutUnit().toMillis(options.getProxyProtocolTimeout())).isEqualTo(1500);
    NetServerOptions defaults = OptionsMapper.netServerOptions(ConfigLoader.parse(new JsonObject().put("listeners",
        new JsonArray().add(proxied("10.0.0.0/8")))).listeners().get(0), 0);
    assertThat(defaults.getProxyProtocolTimeoutUnit().toMillis(defaults.getProxyProtocolTimeout())).isEqualTo(10_000);
    JsonObject plain = proxied("10.0.0.0/8");
    plain.remove("proxyProtocol");
    plain.remove("trustedProxies");
    assertThat(OptionsMapper.netServerOptions(ConfigLoader.parse(new JsonObject().put("listeners",
        new JsonArray().add(plain))).listeners().get(0), 0).isUseProxyProtocol()).isFalse();
  }

  // ---------------------------------------------------------------- helpers

  /** A lines listener {@code p} speaking PROXY, trusting {@code trusted}. */
  static JsonObject proxied(String... trusted) {
    return Configs.tcpListener("p", "lines", "text", "t.proxy")
        .put("proxyProtocol", true).put("trustedProxies", new JsonArray(List.of((Object[]) trusted)));
  }

  /** The handler answering {@code {remote} {text}}. */
  static JsonObject remoteEcho() {
    return Configs.handler("template", "t.proxy").put("template", "{remote} {text}");
  }

  private void start(Vertx vertx, JsonObject listener) {
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(remoteEcho())).put("http", new JsonObject().put("port", 0))).await();
  }

  private int port() {
    return gateway.port("p");
  }

  private ListenerStats stats() {
    return gateway.stats("p");
  }

  private long rejected(ListenerStats.Rejection reason) {
    return stats().rejected(reason).sum();
  }

  /**
   * A v2 header: signature, version and command, family and transport, the length of what
   * follows, then source and destination addresses, ports (for IP families; -1 for none) and TLVs.
   */
  static byte[] v2(int versionCommand, int family, byte[] source, byte[] destination, int sourcePort,
      int destinationPort, byte[] tlvs) {
    int ports = sourcePort < 0 ? 0 : 4;
    int length = source.length + destination.length + ports + tlvs.length;
    ByteBuffer header = ByteBuffer.allocate(16 + length)
        .put(V2_SIGNATURE).put((byte) versionCommand).put((byte) family).putShort((short) length)
        .put(source).put(destination);
    if (ports > 0) {
      header.putShort((short) sourcePort).putShort((short) destinationPort);
    }
    return header.put(tlvs).array();
  }

  static byte[] tlv(int type, byte[] value) {
    return ByteBuffer.allocate(3 + value.length).put((byte) type).putShort((short) value.length).put(value).array();
  }

  static byte[] ipv4(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  static byte[] ipv6(String literal) {
    byte[] bytes = io.netty.util.NetUtil.createByteArrayFromIpAddressString(literal);
    assertThat(bytes).hasSize(16);
    return bytes;
  }

  private static byte[] unixPath(String path) {
    return Arrays.copyOf(path.getBytes(StandardCharsets.US_ASCII), 108);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }
}
