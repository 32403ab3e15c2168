package dev.framewire.config;

import static dev.framewire.config.ConfigErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
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
        "FRAMEWIRE_ECHO_PORT", "FRAMEWIRE_TUTORIAL_TCP_PORT", "FRAMEWIRE_TUTORIAL_UDP_PORT");
    assertThat(Overrides.sysNames(BASE)).containsExactly("framewire.host", "framewire.shutdownGrace",
        "framewire.listeners.echo.port", "framewire.listeners.tutorial-tcp.port",
        "framewire.listeners.tutorial.udp.port");
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

  private static FramewireConfig apply(Map<String, String> values) {
    Errors errors = new Errors();
    JsonObject result = Overrides.apply(BASE, values, errors);
    assertThat(errors.list()).isEmpty();
    return ConfigLoader.parse(result);
  }
}
