package dev.framewire.config;

import static dev.framewire.config.ConfigErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The override rules, without Vert.x: see {@link ConfigLoaderTest} for them end to end. */
class OverridesTest {
  private static final JsonObject BASE = new JsonObject(json("{'shutdownGrace': '5s', 'listeners': ["
      + "{'name': 'echo', 'protocol': 'tcp', 'port': 65432, 'address': 'a'},"
      + "{'name': 'tutorial-tcp', 'protocol': 'tcp', 'host': '::1', 'port': 12345, 'address': 'a'},"
      + "{'name': 'tutorial.udp', 'protocol': 'udp', 'port': 12345, 'address': 'a'}]}"));

  @Test
  void variableNames() {
    assertThat(Overrides.envPort("echo")).isEqualTo("FRAMEWIRE_ECHO_PORT");
    assertThat(Overrides.envPort("tutorial-tcp")).isEqualTo("FRAMEWIRE_TUTORIAL_TCP_PORT");
    assertThat(Overrides.envPort("a.b_c-D9")).isEqualTo("FRAMEWIRE_A_B_C_D9_PORT");
    assertThat(Overrides.sysPort("tutorial-tcp")).isEqualTo("framewire.listeners.tutorial-tcp.port");
    assertThat(Overrides.envNames(BASE)).containsExactly("FRAMEWIRE_HOST", "FRAMEWIRE_SHUTDOWN_GRACE",
        "FRAMEWIRE_CLUSTER_ENABLED", "FRAMEWIRE_CLUSTER_HOST", "FRAMEWIRE_CLUSTER_PUBLIC_HOST",
        "FRAMEWIRE_CLUSTER_PORT", "FRAMEWIRE_CLUSTER_MEMBERS", "FRAMEWIRE_BRIDGE_PORT",
        "FRAMEWIRE_HTTP_PORT", "FRAMEWIRE_ECHO_PORT", "FRAMEWIRE_TUTORIAL_TCP_PORT", "FRAMEWIRE_TUTORIAL_UDP_PORT");
    assertThat(Overrides.sysNames(BASE)).containsExactly("framewire.host", "framewire.shutdownGrace",
        "framewire.cluster.enabled", "framewire.cluster.host", "framewire.cluster.publicHost",
        "framewire.cluster.port", "framewire.cluster.members", "framewire.bridge.port",
        "framewire.http.port", "framewire.listeners.echo.port", "framewire.listeners.tutorial-tcp.port",
        "framewire.listeners.tutorial.udp.port");
  }

  @Test
  void onlyListenersNamedClusterBridgeOrHttpHaveAReservedPortVariable() {
    assertThat(Overrides.reservedPortVariable("http")).isEqualTo("FRAMEWIRE_HTTP_PORT");
    assertThat(Overrides.reservedPortVariable("https")).isNull();
    assertThat(Overrides.reservedPortVariable("cluster")).isEqualTo("FRAMEWIRE_CLUSTER_PORT");
    assertThat(Overrides.reservedPortVariable("Cluster")).isEqualTo("FRAMEWIRE_CLUSTER_PORT");
    assertThat(Overrides.reservedPortVariable("BRIDGE")).isEqualTo("FRAMEWIRE_BRIDGE_PORT");
    assertThat(Overrides.reservedPortVariable("cluster-enabled")).isNull();
    assertThat(Overrides.reservedPortVariable("clusters")).isNull();
    assertThat(Overrides.reservedPortVariable("bridge.")).isNull();
    assertThat(Overrides.reservedPortVariable("echo")).isNull();
  }

  @Test
  void aReservedListenerNameDoesNotTakeTheClusterPort() {
    JsonObject config = new JsonObject(json("{'listeners': ["
        + "{'name': 'cluster', 'protocol': 'tcp', 'port': 7000, 'address': 'a'}]}"));
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(config, Map.of("FRAMEWIRE_CLUSTER_PORT", "6000"), errors);

    assertThat(errors.isEmpty()).isTrue();
    assertThat(result).isEqualTo(new JsonObject(json("{'listeners': ["
        + "{'name': 'cluster', 'protocol': 'tcp', 'port': 7000, 'address': 'a'}], 'cluster': {'port': 6000}}")));
    assertThat(Overrides.envNames(config)).containsOnlyOnce("FRAMEWIRE_CLUSTER_PORT");
  }

  // ---------------------------------------------------------------- cluster

  @Test
  void clusterOverridesAddTheClusterSection() {
    FramewireConfig config = apply(Map.of(
        "FRAMEWIRE_CLUSTER_ENABLED", "true",
        "FRAMEWIRE_CLUSTER_HOST", "10.0.0.5",
        "FRAMEWIRE_CLUSTER_PUBLIC_HOST", "203.0.113.7",
        "FRAMEWIRE_CLUSTER_PORT", "6000",
        "FRAMEWIRE_CLUSTER_MEMBERS", " 10.0.0.5 ,10.0.0.6:5702,\t[::1]:5701 "));

    assertThat(config.cluster()).isEqualTo(new ClusterConfig(true, "framewire", "10.0.0.5", "203.0.113.7", 6000,
        0, List.of("10.0.0.5", "10.0.0.6:5702", "[::1]:5701"), false, ClusterConfig.DEFAULT_FAILURE_TIMEOUT,
        null, Map.of()));
  }

  @Test
  void enabledAloneClustersWithTheDefaults() {
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(BASE, Map.of("FRAMEWIRE_CLUSTER_ENABLED", "true"), errors);

    assertThat(result.getJsonObject("cluster")).isEqualTo(new JsonObject().put("enabled", true));
    assertThat(ConfigLoader.parse(result).cluster()).isEqualTo(ClusterConfig.DISABLED.enable());
  }

  @Test
  void clusterOverridesReplaceTheFilesValuesAndKeepTheRest() {
    JsonObject base = BASE.copy().put("cluster", new JsonObject(json("{'enabled': true, 'name': 'prod',"
        + " 'host': '10.0.0.1', 'publicHost': 'nat.example.com', 'port': 5801, 'members': ['10.0.0.1', '10.0.0.2'],"
        + " 'failureTimeout': '30s', 'properties': {'hazelcast.x': 'y'}}")));
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(base, Map.of(
        "FRAMEWIRE_CLUSTER_ENABLED", "false",
        "FRAMEWIRE_CLUSTER_HOST", "0.0.0.0",
        "FRAMEWIRE_CLUSTER_PUBLIC_HOST", "10.9.9.9",
        "FRAMEWIRE_CLUSTER_PORT", "65535",
        "FRAMEWIRE_CLUSTER_MEMBERS", "10.0.0.3"), errors);

    assertThat(errors.isEmpty()).isTrue();
    assertThat(ConfigLoader.parse(result).cluster()).isEqualTo(new ClusterConfig(false, "prod", "0.0.0.0",
        "10.9.9.9", 65535, 0, List.of("10.0.0.3"), false, Duration.ofSeconds(30), null, Map.of("hazelcast.x", "y")));
    assertThat(base.getJsonObject("cluster").getString("host")).as("the input is not changed").isEqualTo("10.0.0.1");
  }

  @Test
  void clusterSystemPropertiesOverrideTheEnvironment() {
    Map<String, String> values = new HashMap<>();
    values.put("FRAMEWIRE_CLUSTER_ENABLED", "maybe");   // bad, but hidden by the property
    values.put("framewire.cluster.enabled", "true");
    values.put("FRAMEWIRE_CLUSTER_HOST", "10.0.0.1");
    values.put("framewire.cluster.host", "10.0.0.2");
    values.put("FRAMEWIRE_CLUSTER_PUBLIC_HOST", "a.example.com");
    values.put("framewire.cluster.publicHost", "b.example.com");
    values.put("FRAMEWIRE_CLUSTER_PORT", "1");
    values.put("framewire.cluster.port", "2");
    values.put("FRAMEWIRE_CLUSTER_MEMBERS", "x");
    values.put("framewire.cluster.members", "y,z");
    ClusterConfig cluster = apply(values).cluster();

    assertThat(cluster).isEqualTo(new ClusterConfig(true, "framewire", "10.0.0.2", "b.example.com", 2, 0,
        List.of("y", "z"), false, ClusterConfig.DEFAULT_FAILURE_TIMEOUT, null, Map.of()));
  }

  @Test
  void badClusterValuesAreErrorsNamingTheVariable() {
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(BASE, Map.of(
        "FRAMEWIRE_CLUSTER_ENABLED", "yes",
        "FRAMEWIRE_CLUSTER_HOST", "",
        "framewire.cluster.publicHost", " ",
        "FRAMEWIRE_CLUSTER_PORT", "0",
        "framewire.cluster.members", "10.0.0.1,,10.0.0.2"), errors);

    assertThat(errors.list()).containsExactlyInAnyOrder(
        "FRAMEWIRE_CLUSTER_ENABLED: must be true or false (was \"yes\")",
        "FRAMEWIRE_CLUSTER_HOST: must not be empty",
        "framewire.cluster.publicHost: must not be empty",
        "FRAMEWIRE_CLUSTER_PORT: must be between 1 and 65535 (was 0)",
        "framewire.cluster.members: has an empty entry (was \"10.0.0.1,,10.0.0.2\")");
    assertThat(result).as("no cluster section is added").isEqualTo(BASE);

    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_ENABLED", "TRUE")))
        .containsExactly("FRAMEWIRE_CLUSTER_ENABLED: must be true or false (was \"TRUE\")");
    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_PORT", "65536")))
        .containsExactly("FRAMEWIRE_CLUSTER_PORT: must be between 1 and 65535 (was 65536)");
    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_PORT", "hz")))
        .containsExactly("FRAMEWIRE_CLUSTER_PORT: must be an integer (was \"hz\")");
    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_MEMBERS", " ")))
        .containsExactly("FRAMEWIRE_CLUSTER_MEMBERS: must not be empty");
    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_MEMBERS", "10.0.0.1,")))
        .containsExactly("FRAMEWIRE_CLUSTER_MEMBERS: has an empty entry (was \"10.0.0.1,\")");
    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_MEMBERS", "10.0.0.1, node 2")))
        .containsExactly("FRAMEWIRE_CLUSTER_MEMBERS: must be host, host:port or [IPv6]:port (was \"node 2\")");
    assertThat(clusterErrors(Map.of("FRAMEWIRE_CLUSTER_MEMBERS", "10.0.0.1:70000")))
        .containsExactly("FRAMEWIRE_CLUSTER_MEMBERS: port must be between 1 and 65535 (was \"10.0.0.1:70000\")");
  }

  @Test
  void portAndMembersCannotOverrideAHazelcastFileNorMembersMulticast() {
    JsonObject fromFile = BASE.copy().put("cluster", new JsonObject().put("hazelcastConfig", "hz.xml"));
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(fromFile, Map.of(
        "FRAMEWIRE_CLUSTER_PORT", "6000",
        "framewire.cluster.members", "a,b",
        "FRAMEWIRE_CLUSTER_ENABLED", "true"), errors);

    assertThat(errors.list()).containsExactly(
        "FRAMEWIRE_CLUSTER_PORT: not used with cluster.hazelcastConfig (set it in the Hazelcast file)",
        "framewire.cluster.members: not used with cluster.hazelcastConfig (set it in the Hazelcast file)");
    assertThat(result.getJsonObject("cluster"))
        .isEqualTo(new JsonObject().put("hazelcastConfig", "hz.xml").put("enabled", true));

    JsonObject multicast = BASE.copy().put("cluster", new JsonObject().put("multicast", true));
    Errors multicastErrors = new Errors();
    Overrides.apply(multicast, Map.of("FRAMEWIRE_CLUSTER_MEMBERS", "a", "FRAMEWIRE_CLUSTER_PORT", "6000"),
        multicastErrors);
    assertThat(multicastErrors.list()).containsExactly(
        "FRAMEWIRE_CLUSTER_MEMBERS: not used with cluster.multicast (multicast finds the members)");
  }

  @Test
  void aClusterSectionThatIsNotAnObjectIsLeftForValidation() {
    JsonObject odd = BASE.copy().put("cluster", "on");
    Errors errors = new Errors();
    assertThat(Overrides.apply(odd, Map.of("FRAMEWIRE_CLUSTER_ENABLED", "true"), errors)).isEqualTo(odd);
    assertThat(errors.isEmpty()).isTrue();
  }

  // ---------------------------------------------------------------- bridge

  @Test
  void bridgePortAndHost() {
    JsonObject withBridge = BASE.copy().put("bridge", new JsonObject(json("{'host': '::1', 'port': 7100}")));
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(withBridge, Map.of("FRAMEWIRE_BRIDGE_PORT", "0", "FRAMEWIRE_HOST", "0.0.0.0"),
        errors);

    assertThat(errors.isEmpty()).isTrue();
    FramewireConfig config = ConfigLoader.parse(result);
    assertThat(config.bridge()).isEqualTo(BridgeConfig.of("0.0.0.0", 0, List.of(), List.of()));
    assertThat(config.listeners()).extracting(ListenerConfig::host).containsOnly("0.0.0.0");

    Map<String, String> both = Map.of("FRAMEWIRE_BRIDGE_PORT", "1", "framewire.bridge.port", "2", "framewire.host", "h");
    assertThat(ConfigLoader.parse(Overrides.apply(withBridge, both, new Errors())).bridge())
        .isEqualTo(BridgeConfig.of("h", 2, List.of(), List.of()));
  }

  @Test
  void theBridgePortNeedsABridgeSection() {
    for (JsonObject noBridge : List.of(BASE, BASE.copy().putNull("bridge"))) {
      Errors errors = new Errors();
      JsonObject result = Overrides.apply(noBridge, Map.of("FRAMEWIRE_BRIDGE_PORT", "7100", "FRAMEWIRE_HOST", "h"),
          errors);
      assertThat(errors.list())
          .containsExactly("FRAMEWIRE_BRIDGE_PORT: the configuration has no bridge section to set the port of");
      assertThat(result.getValue("bridge")).as("no bridge is added").isNull();
    }
    Errors errors = new Errors();
    Overrides.apply(BASE, Map.of("framewire.bridge.port", "x"), errors);
    assertThat(errors.list())
        .containsExactly("framewire.bridge.port: the configuration has no bridge section to set the port of");
  }

  @Test
  void badBridgePortsAreErrorsNamingTheVariable() {
    JsonObject withBridge = BASE.copy().put("bridge", new JsonObject().put("port", 7100));
    for (Map.Entry<String, String> bad : Map.of(
        "70000", "FRAMEWIRE_BRIDGE_PORT: must be between 0 and 65535 (was 70000)",
        "-1", "FRAMEWIRE_BRIDGE_PORT: must be between 0 and 65535 (was -1)",
        "7100x", "FRAMEWIRE_BRIDGE_PORT: must be an integer (was \"7100x\")").entrySet()) {
      Errors errors = new Errors();
      JsonObject result = Overrides.apply(withBridge, Map.of("FRAMEWIRE_BRIDGE_PORT", bad.getKey()), errors);
      assertThat(errors.list()).containsExactly(bad.getValue());
      assertThat(result).as("the file's port stays").isEqualTo(withBridge);
    }
  }

  @Test
  void nothingSetChangesNothing() {
    Errors errors = new Errors();
    assertThat(Overrides.apply(BASE, Map.of("PATH", "/bin", "listeners", "[]"), errors)).isEqualTo(BASE);
    assertThat(errors.isEmpty()).isTrue();
  }

  @Test
  void environmentOverridesTheFile() {
    FramewireConfig config = apply(Map.of(
        "FRAMEWIRE_HOST", "0.0.0.0",
        "FRAMEWIRE_TUTORIAL_TCP_PORT", "2345",
        "FRAMEWIRE_TUTORIAL_UDP_PORT", "0",
        "FRAMEWIRE_SHUTDOWN_GRACE", "1m"));

    assertThat(config.listeners()).extracting(l -> l.name() + "@" + l.host() + ":" + l.port())
        .containsExactly("echo@0.0.0.0:65432", "tutorial-tcp@0.0.0.0:2345", "tutorial.udp@0.0.0.0:0");
    assertThat(config.shutdownGrace()).hasMinutes(1);
  }

  @Test
  void systemPropertiesOverrideTheEnvironment() {
    Map<String, String> values = new HashMap<>();
    values.put("FRAMEWIRE_HOST", "0.0.0.0");
    values.put("framewire.host", "::");
    values.put("FRAMEWIRE_ECHO_PORT", "1");
    values.put("framewire.listeners.echo.port", "2");
    values.put("FRAMEWIRE_SHUTDOWN_GRACE", "70000");   // bad, but hidden by the property
    values.put("framewire.shutdownGrace", "250ms");
    FramewireConfig config = apply(values);

    assertThat(config.listeners()).extracting(l -> l.host() + ":" + l.port())
        .containsExactly(":::2", ":::12345", ":::12345");
    assertThat(config.shutdownGrace()).hasMillis(250);
  }

  @Test
  void badValuesAreErrorsNamingTheVariable() {
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(BASE, Map.of(
        "FRAMEWIRE_ECHO_PORT", "70000",
        "FRAMEWIRE_TUTORIAL_TCP_PORT", "http",
        "framewire.listeners.tutorial.udp.port", "-1",
        "FRAMEWIRE_HOST", "",
        "framewire.shutdownGrace", "11m"), errors);

    assertThat(errors.list()).containsExactlyInAnyOrder(
        "FRAMEWIRE_ECHO_PORT: must be between 0 and 65535 (was 70000)",
        "FRAMEWIRE_TUTORIAL_TCP_PORT: must be an integer (was \"http\")",
        "framewire.listeners.tutorial.udp.port: must be between 0 and 65535 (was -1)",
        "FRAMEWIRE_HOST: must not be empty",
        "framewire.shutdownGrace: must be between 0 and 10m (was \"11m\")");
    assertThat(result).as("the file's values stay").isEqualTo(BASE);

    Errors grace = new Errors();
    Overrides.apply(BASE, Map.of("FRAMEWIRE_SHUTDOWN_GRACE", "soon"), grace);
    assertThat(grace.list()).containsExactly(
        "FRAMEWIRE_SHUTDOWN_GRACE: must be a duration like 250ms, 30s or 5m (was \"soon\")");
  }

  @Test
  void aPortOverrideForANameNotInTheFileIsIgnored() {
    Errors errors = new Errors();
    assertThat(Overrides.apply(BASE, Map.of("FRAMEWIRE_NOPE_PORT", "x", "framewire.listeners.nope.port", "x"),
        errors)).isEqualTo(BASE);
    assertThat(errors.isEmpty()).isTrue();
  }

  @Test
  void malformedListenersAreLeftForValidation() {
    JsonObject odd = new JsonObject(json("{'listeners': [5, {'protocol': 'tcp'}, {'name': 7}]}"));
    Errors errors = new Errors();
    assertThat(Overrides.apply(odd, Map.of("FRAMEWIRE_HOST", "h"), errors))
        .isEqualTo(new JsonObject(json("{'listeners': [5, {'protocol': 'tcp', 'host': 'h'}, {'name': 7, 'host': 'h'}]}")));
    assertThat(errors.isEmpty()).isTrue();
  }

  private static List<String> clusterErrors(Map<String, String> values) {
    Errors errors = new Errors();
    Overrides.apply(BASE, values, errors);
    return errors.list();
  }

  private static FramewireConfig apply(Map<String, String> values) {
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(BASE, values, errors);
    assertThat(errors.list()).isEmpty();
    return ConfigLoader.parse(result);
  }
}
