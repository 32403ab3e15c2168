package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigLoaderTest {
  private static final String ECHO = """
      {"shutdownGrace": "2s", "listeners": [
        {"name": "echo", "protocol": "tcp", "port": 7000, "address": "a"},
        {"name": "tutorial-udp", "protocol": "udp", "port": 7001, "address": "b"}]}
      """;
  private static final List<String> PROPERTIES = List.of("framewire.host", "framewire.shutdownGrace",
      "framewire.listeners.echo.port", "listeners", "shutdownGrace", "framewire.cluster.port",
      "framewire.cluster.members", "framewire.bridge.port");

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void loadsTheEmbeddedDefaultFromTheClasspath(Vertx vertx, VertxTestContext ctx) throws IOException {
    FramewireConfig onDisk = ConfigLoader.parse(new JsonObject(Files.readString(Path.of("conf/config.json"))));
    assertThat(ConfigLoader.class.getClassLoader().getResource(ConfigLoader.DEFAULT_RESOURCE))
        .as("packaged by the build").isNotNull();

    succeeds(ConfigLoader.load(vertx, null, Map.of()), ctx, config -> assertThat(config).isEqualTo(onDisk));
  }

  @Test
  void loadsAFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("echo.json", ECHO);

    succeeds(ConfigLoader.load(vertx, file.toString(), Map.of()), ctx, config -> {
      assertThat(config.shutdownGrace()).hasSeconds(2);
      assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(7000, 7001);
    });
  }

  @Test
  void loadsARelativePathFromTheWorkingDirectory(Vertx vertx, VertxTestContext ctx) {
    succeeds(ConfigLoader.load(vertx, "conf/examples/custom-verticle.json"), ctx,
        config -> assertThat(config.handlers().get(0).className()).isEqualTo("com.example.UppercaseHandler"));
  }

  @Test
  void theRealEnvironmentAndSystemPropertiesDoNotLeakIntoTheConfig(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    Path file = write("echo.json", ECHO);
    System.setProperty("listeners", "[]");
    System.setProperty("shutdownGrace", "forever");

    succeeds(ConfigLoader.load(vertx, file.toString()), ctx,
        config -> assertThat(config.shutdownGrace()).hasSeconds(2));
  }

  @Test
  void environmentOverridesTheFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("echo.json", ECHO);
    Map<String, String> env = Map.of(
        "FRAMEWIRE_HOST", "0.0.0.0",
        "FRAMEWIRE_ECHO_PORT", "0",
        "FRAMEWIRE_TUTORIAL_UDP_PORT", "9999",
        "FRAMEWIRE_SHUTDOWN_GRACE", "0",
        "PATH", "/usr/bin", "listeners", "nonsense");

    succeeds(ConfigLoader.load(vertx, file.toString(), env), ctx, config -> {
      assertThat(config.listeners()).extracting(l -> l.host() + ":" + l.port())
          .containsExactly("0.0.0.0:0", "0.0.0.0:9999");
      assertThat(config.shutdownGrace()).isZero();
    });
  }

  @Test
  void systemPropertiesOverrideTheEnvironment(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("echo.json", ECHO);
    System.setProperty("framewire.listeners.echo.port", "4321");
    System.setProperty("framewire.host", "::");
    System.setProperty("framewire.shutdownGrace", "1m");

    succeeds(ConfigLoader.load(vertx, file.toString(),
        Map.of("FRAMEWIRE_ECHO_PORT", "1234", "FRAMEWIRE_HOST", "0.0.0.0")), ctx, config -> {
          assertThat(config.listeners()).extracting(l -> l.host() + ":" + l.port())
              .containsExactly(":::4321", ":::7001");
          assertThat(config.shutdownGrace()).hasMinutes(1);
        });
  }

  @Test
  void clusterAndBridgeOverridesReachTheConfig(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("bridge.json", """
        {"handlers": [{"type": "echo", "address": "a"}], "bridge": {"port": 7100}}
        """);
    System.setProperty("framewire.cluster.port", "5801");
    System.setProperty("framewire.bridge.port", "7200");
    Map<String, String> env = Map.of(
        "FRAMEWIRE_CLUSTER_ENABLED", "true",
        "FRAMEWIRE_CLUSTER_HOST", "0.0.0.0",
        "FRAMEWIRE_CLUSTER_PUBLIC_HOST", "10.1.2.3",
        "FRAMEWIRE_CLUSTER_PORT", "5701",
        "FRAMEWIRE_CLUSTER_MEMBERS", "10.1.2.3, 10.1.2.4:5801",
        "FRAMEWIRE_BRIDGE_PORT", "7300",
        "FRAMEWIRE_HOST", "::");

    succeeds(ConfigLoader.load(vertx, file.toString(), env), ctx, config -> {
      assertThat(config.cluster()).isEqualTo(new ClusterConfig(true, "framewire", "0.0.0.0", "10.1.2.3", 5801, 0,
          List.of("10.1.2.3", "10.1.2.4:5801"), false, ClusterConfig.DEFAULT_FAILURE_TIMEOUT, null, Map.of()));
      assertThat(config.bridge()).isEqualTo(BridgeConfig.of("::", 7200, List.of(), List.of()));
    });
  }

  @Test
  void aBridgePortWithoutABridgeFailsTheLoad(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("echo.json", ECHO);

    fails(ConfigLoader.load(vertx, file.toString(), Map.of("FRAMEWIRE_BRIDGE_PORT", "7100")), ctx,
        e -> assertThat(e.errors()).containsExactly(
            "FRAMEWIRE_BRIDGE_PORT: the configuration has no bridge section to set the port of"));
  }

  @Test
  void badOverridesAndBadFileValuesAreReportedTogether(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("bad.json", """
        {"listeners": [{"name": "echo", "protocol": "tcp", "port": 7000, "address": "a", "delivery": "push"}]}
        """);

    fails(ConfigLoader.load(vertx, file.toString(), Map.of("FRAMEWIRE_ECHO_PORT", "70000")), ctx,
        e -> assertThat(e.errors()).containsExactly(
            "FRAMEWIRE_ECHO_PORT: must be between 0 and 65535 (was 70000)",
            "listeners[0].delivery: must be one of request, send, publish (was \"push\")"));
  }

  @Test
  void aMissingFileIsNamed(Vertx vertx, VertxTestContext ctx) {
    String missing = dir.resolve("nope.json").toString();

    fails(ConfigLoader.load(vertx, missing), ctx,
        e -> assertThat(e.errors()).containsExactly(missing + ": config file not found"));
  }

  @Test
  void aMissingRelativeFileIsNamedWithItsAbsolutePath(Vertx vertx, VertxTestContext ctx) {
    String missing = "no-such-dir/config.json";

    fails(ConfigLoader.load(vertx, missing), ctx, e -> assertThat(e.errors()).containsExactly(
        missing + ": config file not found (" + Path.of(missing).toAbsolutePath() + ")"));
  }

  @Test
  void aPathIsReadFromDiskNeverFromTheClasspath(Vertx vertx, VertxTestContext ctx) {
    // on the test classpath, but not under the working directory: Vert.x alone would find it
    String onClasspathOnly = "dev/framewire/config/ConfigLoader.class";
    assertThat(ConfigLoader.class.getClassLoader().getResource(onClasspathOnly)).isNotNull();

    fails(ConfigLoader.load(vertx, onClasspathOnly), ctx, e -> assertThat(e.errors()).containsExactly(
        onClasspathOnly + ": config file not found (" + Path.of(onClasspathOnly).toAbsolutePath() + ")"));
  }

  @Test
  void aDirectoryIsNotAConfigFile(Vertx vertx, VertxTestContext ctx) {
    fails(ConfigLoader.load(vertx, dir.toString()), ctx,
        e -> assertThat(e.errors()).containsExactly(dir + ": not a regular file"));
  }

  @Test
  void malformedJsonIsReportedWithLineAndColumn(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("broken.json", "{\n  \"listeners\": [\n    {\"name\": \"a\",}\n  ]\n}\n");

    fails(ConfigLoader.load(vertx, file.toString()), ctx, e -> {
      assertThat(e.errors()).hasSize(1);
      assertThat(e.errors().get(0)).startsWith(file + ": malformed JSON at line 3, column 18: ")
          .contains("double-quote to start field name");
    });
  }

  @Test
  void aJsonArrayIsNotAConfig(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("array.json", "[{\"name\": \"echo\"}]");

    fails(ConfigLoader.load(vertx, file.toString()), ctx, e -> assertThat(e.errors()).containsExactly(
        file + ": must be a JSON object, with \"listeners\" and \"handlers\""));
  }

  @Test
  void anEmptyFileIsNotAConfig(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("empty.json", "");

    fails(ConfigLoader.load(vertx, file.toString()), ctx, e -> assertThat(e.errors()).containsExactly(
        file + ": is empty (expected a JSON object)"));
  }

  @Test
  void anInvalidFileListsEveryError(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = write("invalid.json", """
        {"listeners": [{"name": "a", "protocol": "udp", "port": "x", "address": "a", "tcpNoDelay": true}]}
        """);

    fails(ConfigLoader.load(vertx, file.toString()), ctx, e -> {
      assertThat(e.errors()).containsExactly(
          "listeners[0].port: must be an integer (was \"x\")",
          "listeners[0].tcpNoDelay: only for tcp listeners");
      assertThat(e).hasMessage(String.join("\n", e.errors()));
    });
  }

  // ---------------------------------------------------------------- helpers

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static void succeeds(Future<FramewireConfig> future, VertxTestContext ctx,
      Consumer<FramewireConfig> check) {
    future.onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      check.accept(config);
      ctx.completeNow();
    })));
  }

  private static void fails(Future<FramewireConfig> future, VertxTestContext ctx, Consumer<ConfigException> check) {
    future.onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(ConfigException.class);
      check.accept((ConfigException) e);
      ctx.completeNow();
    })));
  }
}
