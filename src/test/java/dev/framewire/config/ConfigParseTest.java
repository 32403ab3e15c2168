package dev.framewire.config;

import static dev.framewire.config.ConfigErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigParseTest {

  private static final String MINIMAL_TCP =
      "{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 7000, 'address': 'a'}]}";

  @Test
  void minimalTcpListenerResolvesToTheDocumentedDefaults() {
    FramewireConfig config = parse(MINIMAL_TCP);

    assertThat(config.handlers()).isEmpty();
    assertThat(config.shutdownGrace()).isEqualTo(FramewireConfig.DEFAULT_SHUTDOWN_GRACE);
    assertThat(config.eventLoops()).isNull();
    assertThat(config.cluster()).isSameAs(ClusterConfig.DISABLED);
    assertThat(config.bridge()).isNull();
    assertThat(config.listeners()).hasSize(1);
    ListenerConfig l = config.listeners().get(0);
    assertThat(l.name()).isEqualTo("l");
    assertThat(l.protocol()).isEqualTo(Protocol.TCP);
    assertThat(l.host()).isEqualTo(ListenerConfig.DEFAULT_HOST);
    assertThat(l.port()).isEqualTo(7000);
    assertThat(l.instances()).isNull();
    assertThat(l.framing()).isEqualTo(FramingConfig.of(FramingType.RAW));
    assertThat(l.framing().maxLength()).isEqualTo(FramingConfig.DEFAULT_MAX_LENGTH);
    assertThat(l.framing().delimiter()).isNull();
    assertThat(l.codec()).isEqualTo(CodecConfig.of(CodecType.BYTES));
    assertThat(l.codec().charset()).isEqualTo(CodecConfig.DEFAULT_CHARSET);
    assertThat(l.address()).isEqualTo("a");
    assertThat(l.delivery()).isEqualTo(ListenerConfig.DEFAULT_DELIVERY);
    assertThat(l.replyTimeout()).isEqualTo(ListenerConfig.DEFAULT_REPLY_TIMEOUT);
    assertThat(l.onError()).isEqualTo(OnErrorConfig.DEFAULT);
    assertThat(l.onOversize()).isEqualTo(ListenerConfig.DEFAULT_ON_OVERSIZE);
    assertThat(l.maxInFlight()).isEqualTo(ListenerConfig.DEFAULT_MAX_IN_FLIGHT);
    assertThat(l.tcpNoDelay()).isEqualTo(ListenerConfig.DEFAULT_TCP_NO_DELAY);
    assertThat(l.keepAlive()).isEqualTo(ListenerConfig.DEFAULT_KEEP_ALIVE);
    assertThat(l.acceptBacklog()).isEqualTo(ListenerConfig.DEFAULT_ACCEPT_BACKLOG);
    assertThat(l.receiveBufferSize()).isEqualTo(ListenerConfig.DEFAULT_BUFFER_SIZE);
    assertThat(l.sendBufferSize()).isEqualTo(ListenerConfig.DEFAULT_BUFFER_SIZE);
    assertThat(l.idleTimeout()).isEqualTo(ListenerConfig.DEFAULT_IDLE_TIMEOUT);
    assertThat(l.multicastGroup()).isNull();
    assertThat(l.multicastInterface()).isNull();
    assertThat(l.maxDatagramSize()).isEqualTo(ListenerConfig.DEFAULT_MAX_DATAGRAM_SIZE);
    assertThat(l.tls()).isNull();
    ListenerLimits limits = l.limits();
    assertThat(limits.allow()).isEmpty();
    assertThat(limits.deny()).isEmpty();
    assertThat(limits.maxConnections()).isEqualTo(ListenerLimits.DEFAULT_MAX_CONNECTIONS);
    assertThat(limits.maxConnectionsPerSource()).isEqualTo(ListenerLimits.DEFAULT_MAX_CONNECTIONS_PER_SOURCE);
    assertThat(limits.ipv6SourcePrefix()).isEqualTo(ListenerLimits.DEFAULT_IPV6_SOURCE_PREFIX);
    assertThat(limits.frameTimeout()).isEqualTo(ListenerLimits.DEFAULT_FRAME_TIMEOUT);
    assertThat(limits.maxConnectionAge()).isEqualTo(ListenerLimits.DEFAULT_MAX_CONNECTION_AGE);
    assertThat(limits.maxFramesPerSecond()).isEqualTo(ListenerLimits.DEFAULT_RATE);
    assertThat(limits.maxDatagramsPerSecondPerSource()).isEqualTo(ListenerLimits.DEFAULT_RATE);
    assertThat(limits).isEqualTo(ListenerLimits.DEFAULT);
    assertThat(config.limits()).isEqualTo(LimitsConfig.DEFAULT);
    assertThat(config.limits().maxConnections()).isEqualTo(LimitsConfig.DEFAULT_MAX_CONNECTIONS);
    // and the factory other code and tests use agrees
    assertThat(l).isEqualTo(ListenerConfig.of("l", Protocol.TCP, 7000, FramingConfig.of(FramingType.RAW),
        CodecConfig.of(CodecType.BYTES), "a"));
  }

  @Test
  void explicitNullMeansNotSet() {
    FramewireConfig config = parse("{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 7000, "
        + "'address': 'a', 'host': null, 'framing': null, 'codec': null, 'onError': null, "
        + "'replyTimeout': null, 'instances': null}], 'handlers': null, 'shutdownGrace': null,"
        + " 'cluster': null, 'bridge': null}");
    assertThat(config).isEqualTo(parse(MINIMAL_TCP));
  }

  @Test
  void minimalUdpListenerFramesDatagrams() {
    ListenerConfig l = parse("{'listeners': [{'name': 'u', 'protocol': 'udp', 'port': 0, 'address': 'a'}]}")
        .listeners().get(0);
    assertThat(l).isEqualTo(ListenerConfig.of("u", Protocol.UDP, 0, FramingConfig.of(FramingType.DATAGRAM),
        CodecConfig.of(CodecType.BYTES), "a"));
    assertThat(l.framing().delimiter()).isNull();
  }

  @ParameterizedTest
  @EnumSource(value = HandlerType.class, names = "VERTICLE", mode = EnumSource.Mode.EXCLUDE)
  void minimalHandlerResolvesToTheDocumentedDefaults(HandlerType type) {
    HandlerConfig h = parse("{'handlers': [{'type': '" + type.json() + "', 'address': 'x'}]}")
        .handlers().get(0);
    assertThat(h).isEqualTo(HandlerConfig.of(type, "x"));
    assertThat(h.instances()).isNull();
    assertThat(h.delay()).isEqualTo(HandlerConfig.DEFAULT_DELAY);
    assertThat(h.template()).isEqualTo(type == HandlerType.TEMPLATE ? HandlerConfig.DEFAULT_TEMPLATE : null);
    assertThat(h.file()).isNull();
    assertThat(h.className()).isNull();
    assertThat(h.config()).isEqualTo(new JsonObject());
  }

  @Test
  void handlersResolveEveryKey() {
    List<HandlerConfig> handlers = parse("{'handlers': ["
        + "{'type': 'echo', 'address': 'e', 'instances': 3, 'delay': '250ms'},"
        + "{'type': 'template', 'address': 't', 'template': 'got {text} from {remote}'},"
        + "{'type': 'log', 'address': 'l', 'file': 'out.jsonl'},"
        + "{'type': 'verticle', 'address': 'v', 'className': 'com.example.Outer$Inner_2',"
        + " 'config': {'n': 1, 'list': [true], 'deep': {'x': null}}},"
        + "{'type': 'verticle', 'address': 'w', 'className': 'Top'}]}").handlers();
    assertThat(handlers.get(0).instances()).isEqualTo(3);
    assertThat(handlers.get(0).delay()).isEqualTo(Duration.ofMillis(250));
    assertThat(handlers.get(1).template()).isEqualTo("got {text} from {remote}");
    assertThat(handlers.get(2).file()).isEqualTo("out.jsonl");
    assertThat(handlers.get(3).className()).isEqualTo("com.example.Outer$Inner_2");
    assertThat(handlers.get(3).config()).isEqualTo(new JsonObject(json("{'n': 1, 'list': [true], 'deep': {'x': null}}")));
    assertThat(handlers.get(4).config()).isEqualTo(new JsonObject());
  }

  @Test
  void listenerResolvesEveryKey() {
    FramewireConfig config = parse("{'shutdownGrace': 0, 'eventLoops': 4, 'listeners': ["
        + "{'name': 'T-1.x_y', 'protocol': 'tcp', 'host': '::', 'port': 65535, 'instances': 1024,"
        + " 'framing': {'type': 'length-prefixed', 'headerBytes': 2, 'byteOrder': 'little',"
        + "  'lengthIncludesHeader': true, 'maxLength': '16MiB'},"
        + " 'codec': {'type': 'text', 'charset': 'latin1'}, 'address': 'addr', 'delivery': 'publish',"
        + " 'replyTimeout': '1h', 'onError': {'errorFrame': 'ERR {code}'}, 'onOversize': 'truncate',"
        + " 'maxInFlight': 65536, 'tcpNoDelay': false, 'keepAlive': true, 'acceptBacklog': 1,"
        + " 'receiveBufferSize': '1KiB', 'sendBufferSize': 67108864, 'idleTimeout': '24h',"
        + " 'proxyProtocol': true, 'trustedProxies': ['10.0.0.0/8', '::1'], 'proxyProtocolTimeout': '5m'},"
        + "{'name': 'u', 'protocol': 'udp', 'host': '0.0.0.0', 'port': 5, 'address': 'a',"
        + " 'framing': {'type': 'datagram', 'delimiter': '\\\\0', 'maxLength': 1}, 'onError': 'drop',"
        + " 'multicastGroup': 'ff02::1', 'multicastInterface': 'eth0', 'maxDatagramSize': 1,"
        + " 'receiveBufferSize': '64MiB'}]}");

    assertThat(config.shutdownGrace()).isZero();
    assertThat(config.eventLoops()).isEqualTo(4);
    ListenerConfig t = config.listeners().get(0);
    assertThat(t).isEqualTo(new ListenerConfig("T-1.x_y", Protocol.TCP, "::", 65535, 1024,
        new FramingConfig(FramingType.LENGTH_PREFIXED, 16 * 1024 * 1024, null, 0, 2, ByteOrder.LITTLE_ENDIAN, true),
        new CodecConfig(CodecType.TEXT, StandardCharsets.ISO_8859_1), "addr", Delivery.PUBLISH,
        Duration.ofHours(1), new OnErrorConfig(ErrorAction.ERROR_FRAME, "ERR {code}"), OversizePolicy.TRUNCATE,
        65536, false, true, 1, 1024, 64 * 1024 * 1024, Duration.ofHours(24), null, null, 65535, false, null,
        new ProxyProtocolConfig(List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("::1")), Duration.ofMinutes(5)),
        ListenerLimits.DEFAULT));
    ListenerConfig u = config.listeners().get(1);
    assertThat(u).isEqualTo(new ListenerConfig("u", Protocol.UDP, "0.0.0.0", 5, null,
        new FramingConfig(FramingType.DATAGRAM, 1, new byte[] {0}, 0, 4, ByteOrder.BIG_ENDIAN, false),
        CodecConfig.of(CodecType.BYTES), "a", Delivery.REQUEST, ListenerConfig.DEFAULT_REPLY_TIMEOUT,
        new OnErrorConfig(ErrorAction.DROP, OnErrorConfig.DEFAULT_ERROR_FRAME), OversizePolicy.CLOSE,
        256, true, false, -1, 64 * 1024 * 1024, -1, Duration.ZERO, "ff02::1", "eth0", 1, false, null, null,
        ListenerLimits.DEFAULT));
  }

  @Test
  void listenerLimitsResolveEveryKey() {
    FramewireConfig config = parse("{'limits': {'maxConnections': 5000}, 'listeners': ["
        + "{'name': 't', 'protocol': 'tcp', 'port': 1, 'address': 'a', 'allow': ['10.0.0.0/8', '::1'],"
        + " 'deny': ['10.6.6.6'], 'maxConnections': 1, 'maxConnectionsPerSource': 0, 'ipv6SourcePrefix': 128,"
        + " 'frameTimeout': 0, 'maxConnectionAge': '24h', 'maxFramesPerSecond': 10000000},"
        + "{'name': 'u', 'protocol': 'udp', 'port': 2, 'address': 'a', 'deny': ['2001:db8::/32'],"
        + " 'ipv6SourcePrefix': 1, 'maxDatagramsPerSecondPerSource': 1}]}");
    assertThat(config.limits()).isEqualTo(new LimitsConfig(5000));
    assertThat(config.listeners().get(0).limits()).isEqualTo(new ListenerLimits(
        List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("::1/128")), List.of(CidrRange.parse("10.6.6.6/32")),
        1, 0, 128, Duration.ZERO, Duration.ofHours(24), 10_000_000, 0));
    assertThat(config.listeners().get(1).limits()).isEqualTo(new ListenerLimits(
        List.of(), List.of(CidrRange.parse("2001:db8::/32")), ListenerLimits.DEFAULT_MAX_CONNECTIONS,
        ListenerLimits.DEFAULT_MAX_CONNECTIONS_PER_SOURCE, 1, ListenerLimits.DEFAULT_FRAME_TIMEOUT,
        Duration.ZERO, 0, 1));
  }

  /** Framing keys written → the resolved framing. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'raw'                                              | RAW             | 65536 |          | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'raw', 'maxLength': 1}                    | RAW             | 1     |          | 0  | 4 | BIG_ENDIAN    | false",
      "'lines'                                            | LINES           | 65536 | 0a       | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'lines', 'maxLength': '8KiB'}             | LINES           | 8192  | 0a       | 0  | 4 | BIG_ENDIAN    | false",
      "'delimited'                                        | DELIMITED       | 65536 | 0a       | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'delimited', 'delimiter': '\\\\r\\\\n'}   | DELIMITED       | 65536 | 0d0a     | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'delimited', 'delimiter': '\\r\\n'}       | DELIMITED       | 65536 | 0d0a     | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'delimited', 'delimiter': '\\\\xff\\\\x00'} | DELIMITED     | 65536 | ff00     | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'delimited', 'delimiter': '€'}            | DELIMITED       | 65536 | e282ac   | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'delimited', 'delimiter': '0123456789abcdef'} | DELIMITED   | 65536 | 30313233343536373839616263646566 | 0 | 4 | BIG_ENDIAN | false",
      "{'type': 'fixed', 'size': 16}                      | FIXED           | 65536 |          | 16 | 4 | BIG_ENDIAN    | false",
      "{'type': 'fixed', 'size': 8, 'maxLength': 8}       | FIXED           | 8     |          | 8  | 4 | BIG_ENDIAN    | false",
      "'length-prefixed'                                  | LENGTH_PREFIXED | 65536 |          | 0  | 4 | BIG_ENDIAN    | false",
      "{'type': 'length-prefixed', 'headerBytes': 1}      | LENGTH_PREFIXED | 65536 |          | 0  | 1 | BIG_ENDIAN    | false",
      "{'type': 'length-prefixed', 'headerBytes': 8, 'byteOrder': 'little', 'lengthIncludesHeader': true} | LENGTH_PREFIXED | 65536 | | 0 | 8 | LITTLE_ENDIAN | true",
      "'octet-counting'                                   | OCTET_COUNTING  | 65536 |          | 0  | 4 | BIG_ENDIAN    | false",
      "{'maxLength': 16777216}                            | RAW             | 16777216 |       | 0  | 4 | BIG_ENDIAN    | false",
  })
  void framing(String framing, FramingType type, int maxLength, String delimiterHex, int size,
      int headerBytes, String byteOrder, boolean lengthIncludesHeader) {
    FramingConfig f = parse("{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 1, 'address': 'a', "
        + "'framing': " + framing + "}]}").listeners().get(0).framing();
    byte[] delimiter = delimiterHex == null ? null : java.util.HexFormat.of().parseHex(delimiterHex);
    ByteOrder order = byteOrder.equals("LITTLE_ENDIAN") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    assertThat(f).isEqualTo(new FramingConfig(type, maxLength, delimiter, size, headerBytes, order,
        lengthIncludesHeader));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'text'                                  | TEXT  | UTF-8",
      "'json'                                  | JSON  | UTF-8",
      "{'type': 'bytes'}                       | BYTES | UTF-8",
      "{'charset': 'UTF-16LE'}                 | BYTES | UTF-16LE",
      "{'type': 'text', 'charset': 'us-ascii'} | TEXT  | US-ASCII",
  })
  void codec(String codec, CodecType type, String charset) {
    CodecConfig c = parse("{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 1, 'address': 'a', "
        + "'codec': " + codec + "}]}").listeners().get(0).codec();
    assertThat(c).isEqualTo(new CodecConfig(type, java.nio.charset.Charset.forName(charset)));
  }

  @Test
  void portsMayRepeatAcrossProtocolsHostsAndPortZero() {
    FramewireConfig config = parse("{'listeners': ["
        + "{'name': 'a', 'protocol': 'tcp', 'port': 9, 'address': 'x'},"
        + "{'name': 'b', 'protocol': 'udp', 'port': 9, 'address': 'x'},"
        + "{'name': 'c', 'protocol': 'tcp', 'host': '::1', 'port': 9, 'address': 'x'},"
        + "{'name': 'd', 'protocol': 'tcp', 'port': 0, 'address': 'x'},"
        + "{'name': 'e', 'protocol': 'tcp', 'port': 0, 'address': 'x'}]}");
    assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void resolvedListsAreImmutable() {
    FramewireConfig config = parse(MINIMAL_TCP);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.listeners().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---------------------------------------------------------------- files in conf/

  static Stream<Path> configFiles() throws IOException {
    try (Stream<Path> conf = Files.list(Path.of("conf")); Stream<Path> examples = Files.list(Path.of("conf/examples"))) {
      return Stream.concat(conf, examples).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void confHoldsTheDefaultAndTheExamples() throws IOException {
    assertThat(configFiles().map(Path::toString)).contains(
        "conf/config.json", "conf/examples/framing-types.json", "conf/examples/custom-verticle.json",
        "conf/examples/udp-multicast.json", "conf/examples/tls.json", "conf/examples/cluster-edge.json",
        "conf/examples/cluster-handlers.json");
  }

  /** TLS listeners name certificate files that must exist: they are made, empty, under {@code base}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configFiles")
  void everyFileInConfParses(Path file, @TempDir Path base) throws IOException {
    FramewireConfig config = ConfigLoader.parse(
        TlsConfigTest.withTlsFilesIn(new JsonObject(Files.readString(file)), base));
    assertThat(config.listeners().size() + config.handlers().size()).isPositive();
  }

  @Test
  void defaultConfigIsTheSocketTutorials() throws IOException {
    FramewireConfig config = ConfigLoader.parse(new JsonObject(Files.readString(Path.of("conf/config.json"))));

    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.listeners()).extracting(l -> l.name() + " " + l.protocol().json() + " " + l.host()
            + ":" + l.port() + " " + l.framing().type().json() + " " + l.codec().type().json() + " "
            + l.delivery().json() + " -> " + l.address())
        .containsExactly(
            "echo tcp 127.0.0.1:65432 raw bytes request -> framewire.echo",
            "tutorial-tcp tcp 127.0.0.1:12345 raw bytes request -> framewire.echo",
            "tutorial-udp udp 127.0.0.1:12345 datagram text request -> framewire.udp.template",
            "chat tcp 127.0.0.1:7000 lines text send -> framewire.chat",
            "lines tcp 127.0.0.1:7002 lines text request -> framewire.lines",
            "json tcp 127.0.0.1:7001 length-prefixed json request -> framewire.json",
            "polyglot tcp 127.0.0.1:7003 lines text request -> framewire.polyglot");
    assertThat(config.listeners().get(6).replyTimeout()).hasSeconds(5);
    assertThat(config.cluster()).isEqualTo(ClusterConfig.DISABLED);
    assertThat(config.bridge()).isEqualTo(BridgeConfig.of("127.0.0.1", 7100,
        List.of(PermittedAddress.regex("framewire\\.conn\\..+")), List.of(PermittedAddress.exact("framewire.polyglot"))));
    FramingConfig json = config.listeners().get(5).framing();
    assertThat(json.headerBytes()).isEqualTo(4);
    assertThat(json.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(json.lengthIncludesHeader()).isFalse();
    assertThat(config.handlers()).containsExactly(
        HandlerConfig.of(HandlerType.ECHO, "framewire.echo"),
        HandlerConfig.of(HandlerType.ECHO, "framewire.lines"),
        HandlerConfig.of(HandlerType.ECHO, "framewire.json"),
        new HandlerConfig(HandlerType.TEMPLATE, "framewire.udp.template", null, Duration.ZERO,
            "Message received: {text}", null, null, new JsonObject()),
        HandlerConfig.of(HandlerType.BROADCAST, "framewire.chat"));
  }

  @Test
  void customVerticleExampleKeepsItsClassNameAndConfig() throws IOException {
    FramewireConfig config = ConfigLoader.parse(
        new JsonObject(Files.readString(Path.of("conf/examples/custom-verticle.json"))));
    HandlerConfig h = config.handlers().get(0);
    assertThat(h.className()).isEqualTo("com.example.UppercaseHandler");
    assertThat(h.config()).isEqualTo(new JsonObject().put("suffix", "!").put("locale", "en"));
  }

  private static FramewireConfig parse(String singleQuoted) {
    return ConfigLoader.parse(new JsonObject(json(singleQuoted)));
  }
}
