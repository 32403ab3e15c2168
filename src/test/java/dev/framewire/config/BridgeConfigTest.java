package dev.framewire.config;

import static dev.framewire.config.ConfigErrorsTest.errorsOf;
import static dev.framewire.config.ConfigErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code bridge} section: every error with its exact message, the defaults and the resolved
 * record. Snippets are JSON written with {@code '} for {@code "}, put into a configuration with one
 * echo handler; {@code {dir}} stands for a directory holding (empty) files {@code cert.pem},
 * {@code key.pem} and {@code ca.pem}.
 */
class BridgeConfigTest {
  private static final String BRIDGE_KEYS = "host, port, inbound, outbound, maxFrameLength, tls";
  private static final String PEM = "'certPath': '{dir}/cert.pem', 'keyPath': '{dir}/key.pem'";
  private static final String ECHO = "{'type': 'echo', 'address': 'a'}";

  @TempDir
  static Path dir;

  @BeforeAll
  static void files() throws IOException {
    for (String name : List.of("cert.pem", "key.pem", "ca.pem")) {
      Files.createFile(dir.resolve(name));
    }
  }

  static Stream<Arguments> bridgeErrors() {
    return Stream.of(
        // binding: unknown keys and wrong JSON types
        bridge("'ports': [1]", "bridge.ports: unknown key (known: " + BRIDGE_KEYS + ")"),
        bridge("'port': '7100'", "bridge.port: must be an integer (was \"7100\")"),
        bridge("'host': 0", "bridge.host: must be a string (was 0)"),
        bridge("'inbound': 'framewire.polyglot'", "bridge.inbound: must be an array (was \"framewire.polyglot\")"),
        bridge("'outbound': {'address': 'a'}", "bridge.outbound: must be an array (was {\"address\":\"a\"})"),
        bridge("'inbound': [5]", "bridge.inbound[0]: must be a string or an object (was 5)"),
        bridge("'inbound': ['a', true]", "bridge.inbound[1]: must be a string or an object (was true)"),
        bridge("'outbound': [['a']]", "bridge.outbound[0]: must be a string or an object (was [\"a\"])"),
        bridge("'inbound': [{'adress': 'a'}]", "bridge.inbound[0].adress: unknown key (known: address, addressRegex)"),
        bridge("'inbound': [{'address': 5}]", "bridge.inbound[0].address: must be a string (was 5)"),
        bridge("'outbound': [{'addressRegex': ['.*']}]",
            "bridge.outbound[0].addressRegex: must be a string (was [\".*\"])"),
        bridge("'maxFrameLength': true",
            "bridge.maxFrameLength: must be a size like 65536, 64KiB or 1MiB (was true)"),
        root("{'handlers': [" + ECHO + "], 'bridge': 7100}", "bridge: must be an object (was 7100)"),
        root("{'handlers': [" + ECHO + "], 'bridge': []}", "bridge: must be an object (was [])"),
        // host, port
        root("{'handlers': [" + ECHO + "], 'bridge': {}}", "bridge.port: required"),
        bridge("'port': null", "bridge.port: required"),
        bridge("'port': 65536", "bridge.port: must be between 0 and 65535 (was 65536)"),
        bridge("'port': -1", "bridge.port: must be between 0 and 65535 (was -1)"),
        bridge("'host': ''", "bridge.host: must not be empty"),
        bridge("'host': '  '", "bridge.host: must not be empty"),
        // permitted addresses
        bridge("'inbound': [null]", "bridge.inbound[0]: must be a string or an object (was null)"),
        bridge("'inbound': ['a', '']", "bridge.inbound[1]: must not be empty"),
        bridge("'outbound': [' ']", "bridge.outbound[0]: must not be empty"),
        bridge("'inbound': [{}]", "bridge.inbound[0]: give exactly one of address and addressRegex"),
        bridge("'inbound': [{'address': null, 'addressRegex': null}]",
            "bridge.inbound[0]: give exactly one of address and addressRegex"),
        bridge("'outbound': ['a', {'address': 'a', 'addressRegex': 'a.*'}]",
            "bridge.outbound[1]: give exactly one of address and addressRegex"),
        bridge("'inbound': [{'address': ''}]", "bridge.inbound[0].address: must not be empty"),
        bridge("'inbound': [{'addressRegex': ''}]", "bridge.inbound[0].addressRegex: must not be empty"),
        bridge("'outbound': ['ok', {'addressRegex': 'framewire.(conn'}]",
            "bridge.outbound[1].addressRegex: not a valid regular expression: Unclosed group "
                + "(was \"framewire.(conn\")"),
        bridge("'inbound': [{'addressRegex': '*.conn'}]",
            "bridge.inbound[0].addressRegex: not a valid regular expression: Dangling meta character '*' "
                + "(was \"*.conn\")"),
        // maxFrameLength
        bridge("'maxFrameLength': 63", "bridge.maxFrameLength: must be between 64 and 67108864 (was 63)"),
        bridge("'maxFrameLength': '65MiB'", "bridge.maxFrameLength: must be between 64 and 67108864 (was \"65MiB\")"),
        bridge("'maxFrameLength': 0", "bridge.maxFrameLength: must be between 64 and 67108864 (was 0)"),
        bridge("'maxFrameLength': '1MB'",
            "bridge.maxFrameLength: must be a size like 65536, 64KiB or 1MiB (was \"1MB\")"),
        // tls: the listener's object and rules, under bridge.tls
        bridge("'tls': {}", "bridge.tls: give either certPath and keyPath, or keyStorePath"),
        bridge("'tls': 'on'", "bridge.tls: must be an object (was \"on\")"),
        bridge("'tls': {'certPath': '/no/such/cert.pem', 'keyPath': '{dir}/key.pem'}",
            "bridge.tls.certPath: no such file: /no/such/cert.pem"),
        bridge("'tls': {" + PEM + ", 'clientAuth': 'required'}", "bridge.tls.trustPath: required for clientAuth required"),
        bridge("'tls': {" + PEM + ", 'protocols': ['TLSv1.1'], 'handshakeTimeout': '6m', 'keyStoreType': 'JKS'}",
            "bridge.tls.keyStoreType: only with keyStorePath",
            "bridge.tls.protocols[0]: must be one of TLSv1.2, TLSv1.3 (was \"TLSv1.1\")",
            "bridge.tls.handshakeTimeout: must be between 1ms and 5m (was \"6m\")"),
        bridge("'tls': {" + PEM + ", 'cert': 'x'}", "bridge.tls.cert: unknown key (known: certPath, keyPath, "
            + "keyStorePath, keyStorePassword, keyStoreType, clientAuth, trustPath, protocols, handshakeTimeout, "
            + "certificates, reloadInterval)"),
        bridge("'tls': {" + PEM + ", 'certificates': [{" + PEM + "}], 'reloadInterval': '1s'}",
            "bridge.tls.certificates: only for TCP listeners", "bridge.tls.reloadInterval: only for TCP listeners"),
        // port clashes with TCP listeners on the same host
        root("{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 7100, 'address': 'a'}],"
                + " 'bridge': {'port': 7100}}",
            "bridge.port: tcp port 7100 on 127.0.0.1 is already used by listeners[0]"),
        root("{'listeners': [{'name': 'u', 'protocol': 'udp', 'port': 7100, 'address': 'a'},"
                + " {'name': 't', 'protocol': 'tcp', 'host': 'localhost', 'port': 7100, 'address': 'a'}],"
                + " 'bridge': {'host': 'LOCALHOST', 'port': 7100}}",
            "bridge.port: tcp port 7100 on LOCALHOST is already used by listeners[1]"),
        root("{'listeners': [{'name': 't', 'protocol': 'tcp', 'port': 7100, 'address': 'a'}],"
                + " 'bridge': {'host': '', 'port': 7100}}",
            "bridge.host: must not be empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bridgeErrors")
  void reportsExactly(String json, List<String> expected) {
    assertThat(errorsOf(withDir(json))).containsExactlyElementsOf(
        expected.stream().map(BridgeConfigTest::withDir).toList());
  }

  @Test
  void listsEveryBridgeErrorAtOnceInKeyOrder() {
    assertThat(errorsOf(withDir(json("{'handlers': [" + ECHO + "], 'bridge': {'host': '', 'port': 70000,"
        + " 'inbound': ['', {'addressRegex': '('}], 'outbound': [{}, 7], 'maxFrameLength': 1, 'tls': {"
        + PEM + ", 'clientAuth': 'sometimes'}}}"))))
        .containsExactly(
            "bridge.outbound[1]: must be a string or an object (was 7)",
            "bridge.host: must not be empty",
            "bridge.port: must be between 0 and 65535 (was 70000)",
            "bridge.inbound[0]: must not be empty",
            "bridge.inbound[1].addressRegex: not a valid regular expression: Unclosed group (was \"(\")",
            "bridge.outbound[0]: give exactly one of address and addressRegex",
            "bridge.maxFrameLength: must be between 64 and 67108864 (was 1)",
            "bridge.tls.clientAuth: must be one of none, request, required (was \"sometimes\")");
  }

  @Test
  void portsMayRepeatAcrossProtocolsHostsAndPortZero() {
    FramewireConfig config = parse("{'listeners': ["
        + "{'name': 'u', 'protocol': 'udp', 'port': 7100, 'address': 'a'},"
        + "{'name': 't', 'protocol': 'tcp', 'host': '::1', 'port': 7100, 'address': 'a'},"
        + "{'name': 'z', 'protocol': 'tcp', 'port': 0, 'address': 'a'}],"
        + " 'bridge': {'port': 7100}}");
    assertThat(config.bridge().port()).isEqualTo(7100);
    assertThat(parse("{'listeners': [{'name': 'z', 'protocol': 'tcp', 'port': 0, 'address': 'a'}],"
        + " 'bridge': {'port': 0}}").bridge().port()).isZero();
  }

  // ---------------------------------------------------------------- resolved values

  @Test
  void noBridgeSectionIsNoBridge() {
    assertThat(parse("{'handlers': [" + ECHO + "]}").bridge()).isNull();
    assertThat(parse("{'handlers': [" + ECHO + "], 'bridge': null}").bridge()).isNull();
  }

  @Test
  void aPortAloneResolvesToTheDocumentedDefaults() {
    BridgeConfig bridge = bridgeOf("'port': 7100");

    assertThat(bridge).isEqualTo(BridgeConfig.of(ListenerConfig.DEFAULT_HOST, 7100, List.of(), List.of()));
    assertThat(bridge.host()).isEqualTo("127.0.0.1");
    assertThat(bridge.port()).isEqualTo(7100);
    assertThat(bridge.inbound()).isEmpty();
    assertThat(bridge.outbound()).isEmpty();
    assertThat(bridge.maxFrameLength()).isEqualTo(BridgeConfig.DEFAULT_MAX_FRAME_LENGTH).isEqualTo(1048576);
    assertThat(bridge.tls()).isNull();
    assertThat(bridge.permitsOutbound("framewire.polyglot")).isFalse();
  }

  @Test
  void explicitNullMeansNotSet() {
    assertThat(bridgeOf("'port': 7100, 'host': null, 'inbound': null, 'outbound': null, 'maxFrameLength': null,"
        + " 'tls': null")).isEqualTo(bridgeOf("'port': 7100"));
  }

  @Test
  void everyKeyResolves() {
    BridgeConfig bridge = bridgeOf("'host': '0.0.0.0', 'port': 0,"
        + " 'inbound': ['framewire.polyglot', {'addressRegex': 'framewire\\\\.conn\\\\..+'}, {'address': 'x'}],"
        + " 'outbound': [{'address': 'framewire.polyglot'}, {'addressRegex': 'news\\\\.[a-z]+'}],"
        + " 'maxFrameLength': '64MiB', 'tls': {" + PEM + ", 'protocols': ['TLSv1.3'], 'handshakeTimeout': '2s'}");

    assertThat(bridge).isEqualTo(new BridgeConfig("0.0.0.0", 0,
        List.of(PermittedAddress.exact("framewire.polyglot"), PermittedAddress.regex("framewire\\.conn\\..+"),
            PermittedAddress.exact("x")),
        List.of(PermittedAddress.exact("framewire.polyglot"), PermittedAddress.regex("news\\.[a-z]+")),
        BridgeConfig.MAX_FRAME_LENGTH,
        new TlsConfig(dir + "/cert.pem", dir + "/key.pem", null, null, null, TlsClientAuth.NONE, null,
            List.of("TLSv1.3"), Duration.ofSeconds(2))));
    assertThat(bridge.permitsOutbound("framewire.polyglot")).isTrue();
    assertThat(bridge.permitsOutbound("news.sport")).isTrue();
    assertThat(bridge.permitsOutbound("news.sport.extra")).isFalse();
    assertThat(bridge.permitsOutbound("framewire.polyglot2")).isFalse();
    assertThat(bridge.inbound().get(1).matches("framewire.conn.3f2a")).isTrue();
    assertThat(bridge.inbound().get(1).matches("framewire.conn.")).isFalse();
  }

  @Test
  void maxFrameLengthBounds() {
    assertThat(bridgeOf("'port': 1, 'maxFrameLength': 64").maxFrameLength()).isEqualTo(BridgeConfig.MIN_FRAME_LENGTH);
    assertThat(bridgeOf("'port': 1, 'maxFrameLength': '1KiB'").maxFrameLength()).isEqualTo(1024);
    assertThat(bridgeOf("'port': 1, 'maxFrameLength': 67108864").maxFrameLength()).isEqualTo(64 << 20);
  }

  @Test
  void permittedAddressRejectsProgrammerErrors() {
    assertThatThrownBy(() -> new PermittedAddress(null, null))
        .hasMessage("give exactly one of address and addressRegex");
    assertThatThrownBy(() -> new PermittedAddress("a", "a")).hasMessage("give exactly one of address and addressRegex");
    assertThatThrownBy(() -> PermittedAddress.regex("(")).isInstanceOf(java.util.regex.PatternSyntaxException.class);
  }

  @Test
  void theDocumentedExampleParses() throws IOException {
    BridgeConfig bridge = ConfigLoader.parse(ClusterConfigTest.documentedExample("## Bridge")).bridge();

    assertThat(bridge).isEqualTo(BridgeConfig.of("127.0.0.1", 7100,
        List.of(PermittedAddress.regex("framewire\\.conn\\..+")), List.of(PermittedAddress.exact("framewire.polyglot"))));
  }

  // ---------------------------------------------------------------- helpers

  private static BridgeConfig bridgeOf(String fields) {
    return parse("{'handlers': [" + ECHO + "], 'bridge': {" + fields + "}}").bridge();
  }

  private static FramewireConfig parse(String singleQuoted) {
    return ConfigLoader.parse(new JsonObject(withDir(json(singleQuoted))));
  }

  private static String withDir(String text) {
    return text.replace("{dir}", dir.toString());
  }

  /** {@code fields} merged into {@code {"port": 7100}}: an explicit null removes the port. */
  private static Arguments bridge(String fields, String... expected) {
    JsonObject bridge = new JsonObject().put("port", 7100).mergeIn(new JsonObject(json("{" + fields + "}")));
    JsonObject root = new JsonObject(json("{'handlers': [" + ECHO + "]}")).put("bridge", bridge);
    return Arguments.of(root.encode(), List.of(expected));
  }

  private static Arguments root(String json, String... expected) {
    return Arguments.of(json(json), List.of(expected));
  }
}
