package dev.framewire.config;

import static dev.framewire.config.ConfigErrorsTest.errorsOf;
import static dev.framewire.config.ConfigErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code cluster} section: every error with its exact message, the defaults and the resolved
 * record. Snippets are JSON written with {@code '} for {@code "}, put into a configuration with one
 * echo handler; {@code {dir}} stands for a directory holding (empty) Hazelcast files
 * {@code hazelcast.xml}, {@code hazelcast.yaml}, {@code hazelcast.yml}, (empty) PEM files {@code node.pem},
 * {@code node-key.pem}, {@code cluster-ca.pem} and a directory {@code dir.xml}.
 */
class ClusterConfigTest {
  private static final String CLUSTER_KEYS = "enabled, name, host, publicHost, port, eventBusPort, members, "
      + "multicast, failureTimeout, hazelcastConfig, properties, tls";
  private static final String NOT_WITH_FILE = "not used with cluster.hazelcastConfig (set it in the Hazelcast file)";
  private static final String MEMBER_FORMAT = "must be host, host:port or [IPv6]:port (was ";

  @TempDir
  static Path dir;

  @BeforeAll
  static void files() throws IOException {
    for (String name : List.of("hazelcast.xml", "hazelcast.yaml", "hazelcast.yml", "hazelcast.json",
        "node.pem", "node-key.pem", "cluster-ca.pem")) {
      Files.createFile(dir.resolve(name));
    }
    Files.createDirectory(dir.resolve("dir.xml"));
  }

  static Stream<Arguments> clusterErrors() {
    String cwd = Path.of("").toAbsolutePath().toString();
    return Stream.of(
        // binding: unknown keys and wrong JSON types
        cluster("'hosts': ['a']", "cluster.hosts: unknown key (known: " + CLUSTER_KEYS + ")"),
        cluster("'enabled': 'yes'", "cluster.enabled: must be true or false (was \"yes\")"),
        cluster("'multicast': 1", "cluster.multicast: must be true or false (was 1)"),
        cluster("'name': 5", "cluster.name: must be a string (was 5)"),
        cluster("'port': '5701'", "cluster.port: must be an integer (was \"5701\")"),
        cluster("'eventBusPort': 1.5", "cluster.eventBusPort: must be an integer (was 1.5)"),
        cluster("'members': '10.0.0.5'", "cluster.members: must be an array (was \"10.0.0.5\")"),
        cluster("'members': ['10.0.0.5', 5701]", "cluster.members[1]: must be a string (was 5701)"),
        cluster("'properties': ['hazelcast.x']", "cluster.properties: must be an object (was [\"hazelcast.x\"])"),
        cluster("'hazelcastConfig': true", "cluster.hazelcastConfig: must be a string (was true)"),
        root("{'handlers': [{'type': 'echo', 'address': 'a'}], 'cluster': true}",
            "cluster: must be an object (was true)"),
        root("{'handlers': [{'type': 'echo', 'address': 'a'}], 'cluster': ['enabled']}",
            "cluster: must be an object (was [\"enabled\"])"),
        // name, hosts, ports
        cluster("'name': 'my cluster'", "cluster.name: must match [A-Za-z0-9._-]{1,64} (was \"my cluster\")"),
        cluster("'name': ''", "cluster.name: must match [A-Za-z0-9._-]{1,64} (was \"\")"),
        cluster("'host': ''", "cluster.host: must not be empty"),
        cluster("'host': ' '", "cluster.host: must not be empty"),
        cluster("'publicHost': ''", "cluster.publicHost: must not be empty"),
        cluster("'host': '0.0.0.0'",
            "cluster.publicHost: required when host is 0.0.0.0 (other nodes cannot send to a wildcard address)"),
        cluster("'host': '::'",
            "cluster.publicHost: required when host is :: (other nodes cannot send to a wildcard address)"),
        cluster("'port': 0", "cluster.port: must be between 1 and 65535 (was 0)"),
        cluster("'port': 65536", "cluster.port: must be between 1 and 65535 (was 65536)"),
        cluster("'eventBusPort': -1", "cluster.eventBusPort: must be between 0 and 65535 (was -1)"),
        cluster("'eventBusPort': 65536", "cluster.eventBusPort: must be between 0 and 65535 (was 65536)"),
        // members
        cluster("'members': []", "cluster.members: must not be empty (list the members, or set multicast)"),
        cluster("'members': ['10.0.0.5', '']", "cluster.members[1]: must not be empty"),
        cluster("'members': [' ']", "cluster.members[0]: must not be empty"),
        cluster("'members': [null]", "cluster.members[0]: must be a string (was null)"),
        cluster("'members': ['a b']", "cluster.members[0]: " + MEMBER_FORMAT + "\"a b\")"),
        cluster("'members': ['host:']", "cluster.members[0]: " + MEMBER_FORMAT + "\"host:\")"),
        cluster("'members': [':5701']", "cluster.members[0]: " + MEMBER_FORMAT + "\":5701\")"),
        cluster("'members': ['host:http']", "cluster.members[0]: " + MEMBER_FORMAT + "\"host:http\")"),
        cluster("'members': ['host:-1']", "cluster.members[0]: " + MEMBER_FORMAT + "\"host:-1\")"),
        cluster("'members': ['http://host:5701']", "cluster.members[0]: " + MEMBER_FORMAT + "\"http://host:5701\")"),
        cluster("'members': ['[::1']", "cluster.members[0]: " + MEMBER_FORMAT + "\"[::1\")"),
        cluster("'members': ['[::1]5701']", "cluster.members[0]: " + MEMBER_FORMAT + "\"[::1]5701\")"),
        cluster("'members': ['[10.0.0.1]:5701']", "cluster.members[0]: " + MEMBER_FORMAT + "\"[10.0.0.1]:5701\")"),
        cluster("'members': ['fe80::1::2']", "cluster.members[0]: " + MEMBER_FORMAT + "\"fe80::1::2\")"),
        cluster("'members': ['host:70000']",
            "cluster.members[0]: port must be between 1 and 65535 (was \"host:70000\")"),
        cluster("'members': ['10.0.0.5:0']",
            "cluster.members[0]: port must be between 1 and 65535 (was \"10.0.0.5:0\")"),
        cluster("'members': ['[::1]:0', 'ok', 'not ok']",
            "cluster.members[0]: port must be between 1 and 65535 (was \"[::1]:0\")",
            "cluster.members[2]: " + MEMBER_FORMAT + "\"not ok\")"),
        cluster("'multicast': true, 'members': ['10.0.0.5']",
            "cluster.members: not used with multicast (multicast finds the members)"),
        cluster("'multicast': true, 'members': ['not ok', '']",
            "cluster.members: not used with multicast (multicast finds the members)"),
        // failureTimeout
        cluster("'failureTimeout': '1s'", "cluster.failureTimeout: must be between 2s and 10m (was \"1s\")"),
        cluster("'failureTimeout': '601s'", "cluster.failureTimeout: must be between 2s and 10m (was \"601s\")"),
        cluster("'failureTimeout': 0", "cluster.failureTimeout: must be between 2s and 10m (was 0)"),
        cluster("'failureTimeout': '2500ms'",
            "cluster.failureTimeout: must be a whole number of seconds (was \"2500ms\")"),
        cluster("'failureTimeout': 'soon'",
            "cluster.failureTimeout: must be a duration like 250ms, 30s or 5m (was \"soon\")"),
        cluster("'failureTimeout': 10",
            "cluster.failureTimeout: must be a duration like 250ms, 30s or 5m (was 10)"),
        // hazelcastConfig
        cluster("'hazelcastConfig': 'hazelcast.json'",
            "cluster.hazelcastConfig: must end in .xml, .yaml or .yml (was \"hazelcast.json\")"),
        cluster("'hazelcastConfig': 'HAZELCAST.XML'",
            "cluster.hazelcastConfig: must end in .xml, .yaml or .yml (was \"HAZELCAST.XML\")"),
        cluster("'hazelcastConfig': '{dir}/missing.xml'", "cluster.hazelcastConfig: no such file: {dir}/missing.xml"),
        cluster("'hazelcastConfig': 'no-such-dir/hazelcast.yaml'",
            "cluster.hazelcastConfig: no such file: no-such-dir/hazelcast.yaml (" + cwd
                + "/no-such-dir/hazelcast.yaml)"),
        cluster("'hazelcastConfig': '{dir}/dir.xml'", "cluster.hazelcastConfig: not a regular file: {dir}/dir.xml"),
        cluster("'hazelcastConfig': ''", "cluster.hazelcastConfig: must not be empty"),
        cluster("'hazelcastConfig': 'a\\u0000b.xml'",
            "cluster.hazelcastConfig: not a valid file path: Nul character not allowed (was \"a\\u0000b.xml\")"),
        cluster("'hazelcastConfig': '{dir}/hazelcast.xml', 'name': 'c', 'port': 5701, 'members': ['a'],"
            + " 'multicast': true",
            "cluster.name: " + NOT_WITH_FILE, "cluster.port: " + NOT_WITH_FILE,
            "cluster.members: " + NOT_WITH_FILE, "cluster.multicast: " + NOT_WITH_FILE),
        cluster("'hazelcastConfig': '{dir}/hazelcast.yml', 'multicast': false", "cluster.multicast: " + NOT_WITH_FILE),
        cluster("'hazelcastConfig': '{dir}/hazelcast.yml', 'name': 'not a name', 'port': 0, 'members': ['x y']",
            "cluster.name: " + NOT_WITH_FILE, "cluster.port: " + NOT_WITH_FILE, "cluster.members: " + NOT_WITH_FILE),
        // properties
        cluster("'properties': {'hazelcast.ok': 'x', 'logging.type': 'slf4j'}",
            "cluster.properties.logging.type: not a Hazelcast property: must start with hazelcast."),
        cluster("'properties': {'hazelcast.': 'x'}",
            "cluster.properties.hazelcast.: not a Hazelcast property: must start with hazelcast."),
        cluster("'properties': {'Hazelcast.x': 'x'}",
            "cluster.properties.Hazelcast.x: not a Hazelcast property: must start with hazelcast."),
        cluster("'properties': {'hazelcast.a': null, 'hazelcast.b': [1], 'hazelcast.c': {'d': 1}}",
            "cluster.properties.hazelcast.a: must be a string, a number, true or false (was null)",
            "cluster.properties.hazelcast.b: must be a string, a number, true or false (was [1])",
            "cluster.properties.hazelcast.c: must be a string, a number, true or false (was {\"d\":1})"),
        // tls between nodes
        cluster("'tls': {}", "cluster.tls.certPath: required", "cluster.tls.keyPath: required",
            "cluster.tls.caPath: required"),
        cluster("'tls': true", "cluster.tls: must be an object (was true)"),
        cluster("'tls': {'certPath': '{dir}/node.pem', 'keyPath': '{dir}/node-key.pem', 'caPath': '{dir}/cluster-ca.pem',"
            + " 'trustPath': '{dir}/cluster-ca.pem'}", "cluster.tls.trustPath: unknown key (known: certPath, keyPath, caPath)"),
        cluster("'tls': {'certPath': '{dir}/node.pem', 'keyPath': '{dir}/node-key.pem'}", "cluster.tls.caPath: required"),
        cluster("'tls': {'certPath': '{dir}/missing.pem', 'keyPath': '{dir}/node-key.pem', 'caPath': '{dir}/cluster-ca.pem'}",
            "cluster.tls.certPath: no such file: {dir}/missing.pem"),
        cluster("'tls': {'certPath': '{dir}/node.pem', 'keyPath': '', 'caPath': '{dir}/dir.xml'}",
            "cluster.tls.keyPath: must not be empty", "cluster.tls.caPath: not a regular file: {dir}/dir.xml"),
        cluster("'tls': {'certPath': 5, 'keyPath': '{dir}/node-key.pem', 'caPath': '{dir}/cluster-ca.pem'}",
            "cluster.tls.certPath: must be a string (was 5)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterErrors")
  void reportsExactly(String json, List<String> expected) {
    assertThat(errorsOf(withDir(json))).containsExactlyElementsOf(
        expected.stream().map(ClusterConfigTest::withDir).toList());
  }

  @Test
  void listsEveryClusterErrorAtOnceInKeyOrder() {
    assertThat(errorsOf(json("{'handlers': [{'type': 'echo', 'address': 'a'}], 'cluster': {'enabled': 'on',"
        + " 'name': 'a b', 'host': '', 'publicHost': '', 'port': 0, 'eventBusPort': 70000, 'members': ['a:0'],"
        + " 'failureTimeout': '1h', 'hazelcastConfig': null, 'properties': {'x': 'y'}, 'colour': 'red'}}")))
        .containsExactly(
            // binding first
            "cluster.enabled: must be true or false (was \"on\")",
            "cluster.colour: unknown key (known: " + CLUSTER_KEYS + ")",
            // then validation, in key order
            "cluster.name: must match [A-Za-z0-9._-]{1,64} (was \"a b\")",
            "cluster.host: must not be empty",
            "cluster.publicHost: must not be empty",
            "cluster.port: must be between 1 and 65535 (was 0)",
            "cluster.eventBusPort: must be between 0 and 65535 (was 70000)",
            "cluster.members[0]: port must be between 1 and 65535 (was \"a:0\")",
            "cluster.failureTimeout: must be between 2s and 10m (was \"1h\")",
            "cluster.properties.x: not a Hazelcast property: must start with hazelcast.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"clusters", "cluster-enabled", "cluster.port", "my-cluster", "bridges", "bridge-1",
      "cluster_host"})
  void namesNearTheReservedOnesAreFine(String name) {
    assertThat(parse("{'listeners': [{'name': '" + name + "', 'protocol': 'tcp', 'port': 1, 'address': 'a'}]}")
        .listeners().get(0).name()).isEqualTo(name);
  }

  // ---------------------------------------------------------------- resolved values

  @Test
  void noClusterSectionIsDisabledWithTheDocumentedDefaults() {
    ClusterConfig cluster = parse("{'handlers': [{'type': 'echo', 'address': 'a'}]}").cluster();

    assertThat(cluster).isSameAs(ClusterConfig.DISABLED);
    assertThat(cluster.enabled()).isFalse();
    assertThat(cluster.name()).isEqualTo(ClusterConfig.DEFAULT_NAME).isEqualTo("framewire");
    assertThat(cluster.host()).isEqualTo(ClusterConfig.DEFAULT_HOST).isEqualTo("127.0.0.1");
    assertThat(cluster.publicHost()).isNull();
    assertThat(cluster.port()).isEqualTo(ClusterConfig.DEFAULT_PORT).isEqualTo(5701);
    assertThat(cluster.eventBusPort()).isZero();
    assertThat(cluster.members()).isEqualTo(ClusterConfig.DEFAULT_MEMBERS).containsExactly("127.0.0.1");
    assertThat(cluster.multicast()).isFalse();
    assertThat(cluster.failureTimeout()).isEqualTo(ClusterConfig.DEFAULT_FAILURE_TIMEOUT).hasSeconds(10);
    assertThat(cluster.hazelcastConfig()).isNull();
    assertThat(cluster.properties()).isEmpty();
  }

  @Test
  void anEmptyOrNullSectionIsTheDefaults() {
    assertThat(clusterOf("")).isEqualTo(ClusterConfig.DISABLED);
    assertThat(parse("{'handlers': [{'type': 'echo', 'address': 'a'}], 'cluster': null}").cluster())
        .isEqualTo(ClusterConfig.DISABLED);
    assertThat(clusterOf("'enabled': null, 'name': null, 'host': null, 'publicHost': null, 'port': null,"
        + " 'eventBusPort': null, 'members': null, 'multicast': null, 'failureTimeout': null,"
        + " 'hazelcastConfig': null, 'properties': null")).isEqualTo(ClusterConfig.DISABLED);
    assertThat(clusterOf("'enabled': true")).isEqualTo(ClusterConfig.DISABLED.enable());
  }

  @Test
  void everyKeyResolves() {
    ClusterConfig cluster = clusterOf("'enabled': true, 'name': 'prod-1.eu_west', 'host': '10.0.0.5',"
        + " 'publicHost': '203.0.113.7', 'port': 65535, 'eventBusPort': 6100,"
        + " 'members': ['10.0.0.5', '10.0.0.6:5702', '[fe80::1]:5701', 'node-7.example.com:1'],"
        + " 'multicast': false, 'failureTimeout': '2m',"
        + " 'properties': {'hazelcast.operation.call.timeout.millis': 30000, 'hazelcast.shutdownhook.enabled': false,"
        + "  'hazelcast.logging.type': 'slf4j', 'hazelcast.x.ratio': 1.5, 'hazelcast.y': 10000000000}");

    assertThat(cluster).isEqualTo(new ClusterConfig(true, "prod-1.eu_west", "10.0.0.5", "203.0.113.7", 65535,
        6100, List.of("10.0.0.5", "10.0.0.6:5702", "[fe80::1]:5701", "node-7.example.com:1"), false,
        Duration.ofMinutes(2), null, Map.of(
            "hazelcast.operation.call.timeout.millis", "30000",
            "hazelcast.shutdownhook.enabled", "false",
            "hazelcast.logging.type", "slf4j",
            "hazelcast.x.ratio", "1.5",
            "hazelcast.y", "10000000000")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.5", "10.0.0.5:5701", "host", "host:65535", "node-1.example.com:1",
      "10.0.0.1-7", "[::1]:5701", "[::1]", "::1", "fe80::1", "[fe80::1:2]:65535", "::ffff:10.0.0.1"})
  void memberFormats(String member) {
    assertThat(clusterOf("'members': ['" + member + "']").members()).containsExactly(member);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2s", "2000ms", "10m", "600s", "90s"})
  void failureTimeoutInWholeSecondsWithinBounds(String timeout) {
    assertThat(clusterOf("'failureTimeout': '" + timeout + "'").failureTimeout())
        .isEqualTo(Durations.parse(timeout));
  }

  @Test
  void multicastLeavesNoMembers() {
    ClusterConfig cluster = clusterOf("'enabled': true, 'multicast': true");

    assertThat(cluster.multicast()).isTrue();
    assertThat(cluster.members()).isEmpty();
    assertThat(cluster).isEqualTo(new ClusterConfig(true, "framewire", "127.0.0.1", null, 5701, 0, List.of(), true,
        ClusterConfig.DEFAULT_FAILURE_TIMEOUT, null, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hazelcast.xml", "hazelcast.yaml", "hazelcast.yml"})
  void aHazelcastFileReplacesNamePortMembersAndMulticast(String file) {
    String path = dir.resolve(file).toString();
    ClusterConfig cluster = clusterOf("'enabled': true, 'hazelcastConfig': '" + path + "', 'host': '0.0.0.0',"
        + " 'publicHost': 'node1', 'eventBusPort': 7000, 'failureTimeout': '3s',"
        + " 'properties': {'hazelcast.x': 'y'}");

    assertThat(cluster).isEqualTo(new ClusterConfig(true, null, "0.0.0.0", "node1", null, 7000, List.of(), false,
        Duration.ofSeconds(3), path, Map.of("hazelcast.x", "y")));
    assertThat(cluster.properties()).containsExactly(entry("hazelcast.x", "y"));
  }

  @Test
  void aRelativeHazelcastFileIsCheckedAgainstTheWorkingDirectoryAndKeptAsWritten() {
    String relative = Path.of("").toAbsolutePath().relativize(dir.resolve("hazelcast.xml")).toString();
    assertThat(relative).doesNotStartWith("/");

    assertThat(clusterOf("'hazelcastConfig': '" + relative + "'").hazelcastConfig()).isEqualTo(relative);
  }

  @Test
  void tlsResolvesToItsThreeFilesAsWrittenAndIsOffByDefault() {
    String cert = dir.resolve("node.pem").toString();
    String key = dir.resolve("node-key.pem").toString();
    String ca = dir.resolve("cluster-ca.pem").toString();
    ClusterConfig cluster = clusterOf("'enabled': true, 'tls': {'certPath': '" + cert + "', 'keyPath': '" + key
        + "', 'caPath': '" + ca + "'}");

    assertThat(cluster.tls()).isEqualTo(new ClusterTlsConfig(cert, key, ca));
    assertThat(cluster).isEqualTo(ClusterConfig.DISABLED.enable().withTls(new ClusterTlsConfig(cert, key, ca)));
    assertThat(cluster.enable()).isSameAs(cluster);
    assertThat(ClusterConfig.DISABLED.withTls(cluster.tls()).enable().tls()).isEqualTo(cluster.tls());
    assertThat(clusterOf("'enabled': true").tls()).isNull();
    assertThat(clusterOf("'tls': null")).isEqualTo(ClusterConfig.DISABLED);
  }

  @Test
  void tlsGoesWithAHazelcastFile() {
    ClusterConfig cluster = clusterOf(withDir("'hazelcastConfig': '{dir}/hazelcast.xml', 'tls': {'certPath':"
        + " '{dir}/node.pem', 'keyPath': '{dir}/node-key.pem', 'caPath': '{dir}/cluster-ca.pem'}"));

    assertThat(cluster.hazelcastConfig()).isEqualTo(dir.resolve("hazelcast.xml").toString());
    assertThat(cluster.tls()).isEqualTo(new ClusterTlsConfig(dir.resolve("node.pem").toString(),
        dir.resolve("node-key.pem").toString(), dir.resolve("cluster-ca.pem").toString()));
  }

  @Test
  void clusteredTurnsTheSectionOn() {
    FramewireConfig config = parse("{'handlers': [{'type': 'echo', 'address': 'a'}],"
        + " 'cluster': {'host': '10.0.0.5', 'members': ['10.0.0.6']}}");

    assertThat(config.cluster().enabled()).isFalse();
    FramewireConfig clustered = config.clustered();
    assertThat(clustered.cluster()).isEqualTo(new ClusterConfig(true, "framewire", "10.0.0.5", null, 5701, 0,
        List.of("10.0.0.6"), false, ClusterConfig.DEFAULT_FAILURE_TIMEOUT, null, Map.of()));
    assertThat(clustered.clustered()).isSameAs(clustered);
  }

  @Test
  void theDocumentedExampleParses() throws IOException {
    ClusterConfig cluster = ConfigLoader.parse(documentedExample("## Cluster")).cluster();

    assertThat(cluster).isEqualTo(new ClusterConfig(true, "framewire", "10.0.0.5", null, 5701, 0,
        List.of("10.0.0.5", "10.0.0.6", "10.0.0.7:5702"), false, ClusterConfig.DEFAULT_FAILURE_TIMEOUT, null,
        Map.of()));
  }

  @Test
  void theDocumentedTlsExampleParses() throws IOException {
    JsonObject example = new JsonObject(documentedExample("### TLS between nodes").encode()
        .replace("tls/", dir + "/"));
    ClusterConfig cluster = ConfigLoader.parse(example).cluster();

    assertThat(cluster.tls()).isEqualTo(new ClusterTlsConfig(dir.resolve("node.pem").toString(),
        dir.resolve("node-key.pem").toString(), dir.resolve("cluster-ca.pem").toString()));
    assertThat(cluster.eventBusPort()).isEqualTo(5800);
  }

  /**
   * The first {@code json} block after {@code heading} in the configuration reference
   * (docs/configuration.md), a {@code "key": {...}} fragment, in a configuration with one echo handler.
   */
  static JsonObject documentedExample(String heading) throws IOException {
    String doc = Files.readString(Path.of("docs/configuration.md"));
    int section = doc.indexOf("\n" + heading + "\n");
    assertThat(section).as("docs/configuration.md section %s", heading).isNotNegative();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    String fragment = doc.substring(start, doc.indexOf("```", start));
    return new JsonObject("{\"handlers\": [{\"type\": \"echo\", \"address\": \"a\"}], " + fragment + "}");
  }

  // ---------------------------------------------------------------- helpers

  private static ClusterConfig clusterOf(String fields) {
    return parse("{'handlers': [{'type': 'echo', 'address': 'a'}], 'cluster': {" + fields + "}}").cluster();
  }

  private static FramewireConfig parse(String singleQuoted) {
    return ConfigLoader.parse(new JsonObject(json(singleQuoted)));
  }

  private static String withDir(String text) {
    return text.replace("{dir}", dir.toString());
  }

  private static Arguments cluster(String fields, String... expected) {
    return root("{'handlers': [{'type': 'echo', 'address': 'a'}], 'cluster': {" + fields + "}}", expected);
  }

  private static Arguments root(String json, String... expected) {
    return Arguments.of(json(json), List.of(expected));
  }
}
