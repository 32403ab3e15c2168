package dev.framewire.config;

import static dev.framewire.config.ConfigErrorsTest.errorsOf;
import static dev.framewire.config.ConfigErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
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
 * A listener's {@code tls} object: every error with its exact message, the defaults, and the
 * example in {@code conf/examples}. Snippets are JSON written with {@code '} for {@code "};
 * {@code {dir}} stands for a directory holding (empty) files {@code cert.pem}, {@code key.pem},
 * {@code server.p12}, {@code ca.pem}: validation checks that files exist, not what they hold.
 */
class TlsConfigTest {
  private static final String TLS_KEYS = "certPath, keyPath, keyStorePath, keyStorePassword, "
      + "keyStoreType, clientAuth, trustPath, protocols, handshakeTimeout, certificates, reloadInterval";
  private static final String PEM = "'certPath': '{dir}/cert.pem', 'keyPath': '{dir}/key.pem'";

  @TempDir
  static Path dir;

  @BeforeAll
  static void files() throws IOException {
    for (String name : List.of("cert.pem", "key.pem", "server.p12", "ca.pem")) {
      Files.createFile(dir.resolve(name));
    }
  }

  static Stream<Arguments> tlsErrors() {
    String cwd = Path.of("").toAbsolutePath().toString();
    return Stream.of(
        // which form
        tls("", "listeners[0].tls: give certPath and keyPath, keyStorePath, or certificates"),
        tls(PEM + ", 'keyStorePath': '{dir}/server.p12', 'keyStorePassword': 'pw'",
            "listeners[0].tls: give either certPath and keyPath, or keyStorePath"),
        tls("'keyPath': '{dir}/key.pem', 'keyStorePath': '{dir}/server.p12', 'keyStorePassword': 'pw'",
            "listeners[0].tls: give either certPath and keyPath, or keyStorePath"),
        tls("'certPath': '{dir}/cert.pem'", "listeners[0].tls.keyPath: required with certPath"),
        tls("'keyPath': '{dir}/key.pem'", "listeners[0].tls.certPath: required with keyPath"),
        tls("'keyStorePath': '{dir}/server.p12'", "listeners[0].tls.keyStorePassword: required with keyStorePath"),
        tls(PEM + ", 'keyStorePassword': 'pw', 'keyStoreType': 'JKS'",
            "listeners[0].tls.keyStorePassword: only with keyStorePath",
            "listeners[0].tls.keyStoreType: only with keyStorePath"),
        tls("'keyStorePath': '{dir}/server.p12', 'keyStorePassword': 'pw', 'keyStoreType': 'PEM'",
            "listeners[0].tls.keyStoreType: must be one of PKCS12, JKS (was \"PEM\")"),
        // files
        tls("'certPath': '/no/such/dir/cert.pem', 'keyPath': '{dir}/key.pem'",
            "listeners[0].tls.certPath: no such file: /no/such/dir/cert.pem"),
        tls("'certPath': '{dir}/cert.pem', 'keyPath': 'no-such-dir/key.pem'",
            "listeners[0].tls.keyPath: no such file: no-such-dir/key.pem (" + cwd + "/no-such-dir/key.pem)"),
        tls("'keyStorePath': '{dir}/missing.p12', 'keyStorePassword': 'pw'",
            "listeners[0].tls.keyStorePath: no such file: {dir}/missing.p12"),
        tls("'certPath': '{dir}', 'keyPath': '{dir}/key.pem'",
            "listeners[0].tls.certPath: not a regular file: {dir}"),
        tls("'certPath': '', 'keyPath': ' '",
            "listeners[0].tls.certPath: must not be empty",
            "listeners[0].tls.keyPath: must not be empty"),
        tls("'certPath': 'a\\u0000b', 'keyPath': '{dir}/key.pem'",
            "listeners[0].tls.certPath: not a valid file path: Nul character not allowed (was \"a\\u0000b\")"),
        // client certificates
        tls(PEM + ", 'clientAuth': 'optional'",
            "listeners[0].tls.clientAuth: must be one of none, request, required (was \"optional\")"),
        tls(PEM + ", 'clientAuth': 'required'", "listeners[0].tls.trustPath: required for clientAuth required"),
        tls(PEM + ", 'trustPath': '{dir}/ca.pem'",
            "listeners[0].tls.trustPath: only for clientAuth request or required"),
        tls(PEM + ", 'clientAuth': 'none', 'trustPath': '{dir}/ca.pem'",
            "listeners[0].tls.trustPath: only for clientAuth request or required"),
        tls(PEM + ", 'clientAuth': 'required', 'trustPath': '{dir}/no-ca.pem'",
            "listeners[0].tls.trustPath: no such file: {dir}/no-ca.pem"),
        // protocols
        tls(PEM + ", 'protocols': []", "listeners[0].tls.protocols: must not be empty"),
        tls(PEM + ", 'protocols': ['TLSv1.1', 'TLSv1.2', 'SSLv3']",
            "listeners[0].tls.protocols[0]: must be one of TLSv1.2, TLSv1.3 (was \"TLSv1.1\")",
            "listeners[0].tls.protocols[2]: must be one of TLSv1.2, TLSv1.3 (was \"SSLv3\")"),
        tls(PEM + ", 'protocols': ['tlsv1.3']",
            "listeners[0].tls.protocols[0]: must be one of TLSv1.2, TLSv1.3 (was \"tlsv1.3\")"),
        tls(PEM + ", 'protocols': ['TLSv1.3', 'TLSv1.2', 'TLSv1.3']",
            "listeners[0].tls.protocols[2]: duplicate of listeners[0].tls.protocols[0]"),
        tls(PEM + ", 'protocols': [null]",
            "listeners[0].tls.protocols[0]: must be one of TLSv1.2, TLSv1.3 (was null)"),
        tls(PEM + ", 'protocols': 'TLSv1.3'", "listeners[0].tls.protocols: must be an array (was \"TLSv1.3\")"),
        tls(PEM + ", 'protocols': [13]", "listeners[0].tls.protocols[0]: must be a string (was 13)"),
        // handshakeTimeout
        tls(PEM + ", 'handshakeTimeout': 0", "listeners[0].tls.handshakeTimeout: must be between 1ms and 5m (was 0)"),
        tls(PEM + ", 'handshakeTimeout': '6m'",
            "listeners[0].tls.handshakeTimeout: must be between 1ms and 5m (was \"6m\")"),
        tls(PEM + ", 'handshakeTimeout': 10",
            "listeners[0].tls.handshakeTimeout: must be a duration like 250ms, 30s or 5m (was 10)"),
        // SNI pairs
        tls("'certificates': []", "listeners[0].tls.certificates: must not be empty (leave it out for one certificate)"),
        tls(PEM + ", 'certificates': [{'certPath': '{dir}/cert.pem'}, {'keyPath': '{dir}/key.pem'}, null]",
            "listeners[0].tls.certificates[0].keyPath: required",
            "listeners[0].tls.certificates[1].certPath: required",
            "listeners[0].tls.certificates[2]: must be an object with certPath and keyPath"),
        tls("'certificates': [{'certPath': '{dir}/cert.pem', 'keyPath': '{dir}/nokey.pem'}]",
            "listeners[0].tls.certificates[0].keyPath: no such file: {dir}/nokey.pem"),
        tls("'certificates': [{" + PEM + ", 'name': 'a'}]",
            "listeners[0].tls.certificates[0].name: unknown key (known: certPath, keyPath)"),
        // reloadInterval
        tls(PEM + ", 'reloadInterval': '50ms'",
            "listeners[0].tls.reloadInterval: must be 0 (never) or between 100ms and 1h (was \"50ms\")"),
        tls(PEM + ", 'reloadInterval': '2h'",
            "listeners[0].tls.reloadInterval: must be between 0 and 1h (was \"2h\")"),
        // binding
        tls(PEM + ", 'cert': 'x'", "listeners[0].tls.cert: unknown key (known: " + TLS_KEYS + ")"),
        tls(PEM + ", 'clientAuth': true", "listeners[0].tls.clientAuth: must be a string (was true)"),
        listener("{'name': 'l', 'protocol': 'tcp', 'port': 7000, 'address': 'a', 'tls': 'on'}",
            "listeners[0].tls: must be an object (was \"on\")"),
        listener("{'name': 'l', 'protocol': 'tcp', 'port': 7000, 'address': 'a', 'tls': true}",
            "listeners[0].tls: must be an object (was true)"),
        // protocol: one error for the whole object, whatever is inside it
        listener("{'name': 'u', 'protocol': 'udp', 'port': 7000, 'address': 'a', 'tls': {" + PEM + "}}",
            "listeners[0].tls: only for tcp listeners"),
        listener("{'name': 'u', 'protocol': 'udp', 'port': 7000, 'address': 'a', 'tls': {'protocols': []}}",
            "listeners[0].tls: only for tcp listeners"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tlsErrors")
  void reportsExactly(String json, List<String> expected) {
    assertThat(errorsOf(withDir(json))).containsExactlyElementsOf(
        expected.stream().map(TlsConfigTest::withDir).toList());
  }

  @Test
  void listsEveryTlsErrorAtOnceInKeyOrder() {
    assertThat(errorsOf(withDir(json("{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 1, 'address': 'a',"
        + " 'tls': {'certPath': '/missing/cert.pem', 'keyStoreType': 'JKS', 'clientAuth': 'required',"
        + "  'protocols': ['TLSv1'], 'handshakeTimeout': 'slow'}}]}"))))
        .containsExactly(
            "listeners[0].tls.keyPath: required with certPath",
            "listeners[0].tls.keyStoreType: only with keyStorePath",
            "listeners[0].tls.certPath: no such file: /missing/cert.pem",
            "listeners[0].tls.trustPath: required for clientAuth required",
            "listeners[0].tls.protocols[0]: must be one of TLSv1.2, TLSv1.3 (was \"TLSv1\")",
            "listeners[0].tls.handshakeTimeout: must be a duration like 250ms, 30s or 5m (was \"slow\")");
  }

  // ---------------------------------------------------------------- resolved values

  @Test
  void pemFilesResolveToTheDocumentedDefaults() {
    TlsConfig tls = tlsOf(PEM);

    assertThat(tls).isEqualTo(TlsConfig.pem(dir + "/cert.pem", dir + "/key.pem"));
    assertThat(tls.certPath()).isEqualTo(dir + "/cert.pem");
    assertThat(tls.keyPath()).isEqualTo(dir + "/key.pem");
    assertThat(tls.usesKeyStore()).isFalse();
    assertThat(tls.keyStorePath()).isNull();
    assertThat(tls.keyStorePassword()).isNull();
    assertThat(tls.keyStoreType()).isNull();
    assertThat(tls.clientAuth()).isEqualTo(TlsConfig.DEFAULT_CLIENT_AUTH).isEqualTo(TlsClientAuth.NONE);
    assertThat(tls.trustPath()).isNull();
    assertThat(tls.protocols()).isEqualTo(TlsConfig.DEFAULT_PROTOCOLS).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(tls.handshakeTimeout()).isEqualTo(TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT).hasSeconds(10);
  }

  @Test
  void explicitNullMeansNotSet() {
    assertThat(tlsOf(PEM + ", 'keyStorePath': null, 'keyStorePassword': null, 'keyStoreType': null,"
        + " 'clientAuth': null, 'trustPath': null, 'protocols': null, 'handshakeTimeout': null"))
        .isEqualTo(tlsOf(PEM));
  }

  @Test
  void keyStoreResolvesToTheDocumentedDefaults() {
    TlsConfig tls = tlsOf("'keyStorePath': '{dir}/server.p12', 'keyStorePassword': ''");

    assertThat(tls).isEqualTo(TlsConfig.keyStore(dir + "/server.p12", "", TlsConfig.DEFAULT_KEY_STORE_TYPE));
    assertThat(tls.usesKeyStore()).isTrue();
    assertThat(tls.keyStoreType()).isEqualTo("PKCS12");
    assertThat(tls.certPath()).isNull();
    assertThat(tls.keyPath()).isNull();
    assertThat(tlsOf("'keyStorePath': '{dir}/server.p12', 'keyStorePassword': 'pw', 'keyStoreType': 'jks'")
        .keyStoreType()).isEqualTo("JKS");
  }

  @Test
  void everyKeyResolves() {
    TlsConfig tls = tlsOf(PEM + ", 'clientAuth': 'required', 'trustPath': '{dir}/ca.pem',"
        + " 'protocols': ['TLSv1.3'], 'handshakeTimeout': '250ms'");

    assertThat(tls).isEqualTo(new TlsConfig(dir + "/cert.pem", dir + "/key.pem", null, null, null,
        TlsClientAuth.REQUIRED, dir + "/ca.pem", List.of("TLSv1.3"), Duration.ofMillis(250)));
    assertThat(tlsOf(PEM + ", 'clientAuth': 'request'").clientAuth()).isEqualTo(TlsClientAuth.REQUEST);
    assertThat(tlsOf(PEM + ", 'clientAuth': 'request', 'trustPath': '{dir}/ca.pem'").trustPath())
        .isEqualTo(dir + "/ca.pem");
    assertThat(tlsOf(PEM + ", 'protocols': ['TLSv1.3', 'TLSv1.2'], 'handshakeTimeout': '5m'"))
        .extracting(TlsConfig::protocols, TlsConfig::handshakeTimeout)
        .containsExactly(List.of("TLSv1.3", "TLSv1.2"), TlsConfig.MAX_HANDSHAKE_TIMEOUT);
  }

  @Test
  void aRelativePathIsCheckedAgainstTheWorkingDirectoryAndKeptAsWritten() {
    String relative = Path.of("").toAbsolutePath().relativize(dir.resolve("cert.pem")).toString();
    assertThat(relative).doesNotStartWith("/");

    assertThat(tlsOf("'certPath': '" + relative + "', 'keyPath': '{dir}/key.pem'").certPath()).isEqualTo(relative);
  }

  @Test
  void plainListenersHaveNoTls() {
    assertThat(ConfigLoader.parse(new JsonObject(json(
        "{'listeners': [{'name': 'l', 'protocol': 'tcp', 'port': 1, 'address': 'a', 'tls': null}]}")))
        .listeners().get(0).tls()).isNull();
  }

  @Test
  void tlsConfigIsImmutableAndHidesThePassword() {
    List<String> protocols = new java.util.ArrayList<>(List.of("TLSv1.3"));
    TlsConfig tls = new TlsConfig(null, null, "s.p12", "secret", "PKCS12", TlsClientAuth.NONE, null,
        protocols, Duration.ofSeconds(1));
    protocols.add("TLSv1.2");

    assertThat(tls.protocols()).containsExactly("TLSv1.3");
    assertThatThrownBy(() -> tls.protocols().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(tls.toString()).contains("keyStorePassword=***", "keyStorePath=s.p12").doesNotContain("secret");
    assertThat(TlsConfig.pem("c", "k").toString()).contains("keyStorePassword=null");
  }

  @Test
  void tlsConfigRejectsProgrammerErrors() {
    assertThatThrownBy(() -> new TlsConfig(null, null, null, null, null, TlsClientAuth.NONE, null,
        TlsConfig.DEFAULT_PROTOCOLS, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT))
        .hasMessage("give either certPath and keyPath, or keyStorePath, or certificates");
    assertThatThrownBy(() -> new TlsConfig("c", "k", "s", "p", "PKCS12", TlsClientAuth.NONE, null,
        TlsConfig.DEFAULT_PROTOCOLS, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT))
        .hasMessage("give either certPath and keyPath, or keyStorePath, or certificates");
    assertThatThrownBy(() -> TlsConfig.pem("c", null)).hasMessage("keyPath");
    assertThatThrownBy(() -> TlsConfig.keyStore("s", null, "PKCS12")).hasMessage("keyStorePassword");
  }

  // ---------------------------------------------------------------- the example in conf/

  /** The TLS example of docs/configuration.md, with the certificate files it names made (empty) under a temp dir. */
  @Test
  void tlsExampleParsesOnceItsFilesExist(@TempDir Path base) throws IOException {
    JsonObject example = new JsonObject(Files.readString(Path.of("conf/examples/tls.json")));
    FramewireConfig config = ConfigLoader.parse(withTlsFilesIn(example, base));

    assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("lines-tls", "lines-mtls");
    assertThat(config.listeners().get(0).tls()).isEqualTo(
        TlsConfig.pem(base.resolve("tls/cert.pem").toString(), base.resolve("tls/key.pem").toString()));
    assertThat(config.listeners().get(1).tls()).isEqualTo(new TlsConfig(base.resolve("tls/cert.pem").toString(),
        base.resolve("tls/key.pem").toString(), null, null, null, TlsClientAuth.REQUIRED,
        base.resolve("tls/client.pem").toString(), List.of("TLSv1.3"), Duration.ofSeconds(5)));
  }

  /**
   * A copy of {@code config} whose listeners' and bridge's relative TLS file paths point into {@code base},
   * where those files are created empty: validation wants them to exist, and a test must not
   * create them in the working directory.
   */
  static JsonObject withTlsFilesIn(JsonObject config, Path base) throws IOException {
    JsonObject copy = config.copy();
    List<JsonObject> tlsObjects = new java.util.ArrayList<>();
    JsonArray listeners = copy.getJsonArray("listeners", new JsonArray());
    for (int i = 0; i < listeners.size(); i++) {
      tlsObjects.add(listeners.getJsonObject(i).getJsonObject("tls"));
    }
    JsonObject bridge = copy.getJsonObject("bridge");
    if (bridge != null) {
      tlsObjects.add(bridge.getJsonObject("tls"));
    }
    for (JsonObject tls : tlsObjects) {
      if (tls == null) {
        continue;
      }
      for (String key : List.of("certPath", "keyPath", "keyStorePath", "trustPath")) {
        String path = tls.getString(key);
        if (path != null && !Path.of(path).isAbsolute()) {
          Path file = base.resolve(path);
          Files.createDirectories(file.getParent());
          if (!Files.exists(file)) {
            Files.createFile(file);
          }
          tls.put(key, file.toString());
        }
      }
    }
    return copy;
  }

  // ---------------------------------------------------------------- helpers

  private static TlsConfig tlsOf(String fields) {
    return ConfigLoader.parse(new JsonObject(withDir(json("{'listeners': [{'name': 'l', 'protocol': 'tcp',"
        + " 'port': 1, 'address': 'a', 'tls': {" + fields + "}}]}")))).listeners().get(0).tls();
  }

  private static String withDir(String text) {
    return text.replace("{dir}", dir.toString());
  }

  private static Arguments tls(String fields, String... expected) {
    return listener("{'name': 'l', 'protocol': 'tcp', 'port': 7000, 'address': 'a', 'tls': {" + fields + "}}",
        expected);
  }

  private static Arguments listener(String listener, String... expected) {
    return Arguments.of(json("{'listeners': [" + listener + "]}"), List.of(expected));
  }
}
