package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;

import static dev.framewire.handler.ListenerStub.Received.push;
import static dev.framewire.handler.ListenerStub.Received.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.ConfigLoader;
import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import dev.framewire.handler.ListenerStub.Received;
import dev.framewire.api.Frame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class HandlersTest {
  private static final String ADDRESS = "app.upper";
  private static final String EXAMPLE = "com.example.UppercaseHandler";

  private static HandlerConfig config(HandlerType type, Integer instances, Duration delay, String template,
      String file, String className, JsonObject config) {
    return new HandlerConfig(type, ADDRESS, instances, delay, template, file, className, config);
  }

  private static HandlerConfig verticle(String className, Integer instances, JsonObject config) {
    return config(HandlerType.VERTICLE, instances, null, null, null, className, config);
  }

  /** A verticle whose start fails, as a user's might. */
  public static final class FailingHandler extends FrameHandlerVerticle {
    @Override
    protected Future<?> setUp() {
      return Future.failedFuture("no database at db:5432");
    }

    @Override
    protected void handle(Frame frame) {
    }
  }

  @Test
  void mapsEachTypeToItsDeploymentConfig() {
    JsonObject user = new JsonObject().put("suffix", "!").put("address", "mine");
    assertThat(Handlers.deploymentConfig(config(HandlerType.ECHO, null, Duration.ofMillis(250), null, null, null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\",\"delay\":250}");
    assertThat(Handlers.deploymentConfig(config(HandlerType.ECHO, null, null, null, null, null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\",\"delay\":0}");
    assertThat(Handlers.deploymentConfig(config(HandlerType.TEMPLATE, null, null, "> {text}", null, null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\",\"template\":\"> {text}\"}");
    assertThat(Handlers.deploymentConfig(config(HandlerType.TEMPLATE, null, null, null, null, null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\",\"template\":\"{text}\"}");
    assertThat(Handlers.deploymentConfig(config(HandlerType.BROADCAST, null, null, null, null, null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\"}");
    assertThat(Handlers.deploymentConfig(config(HandlerType.LOG, null, null, null, "/var/log/fw.log", null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\",\"file\":\"/var/log/fw.log\"}");
    assertThat(Handlers.deploymentConfig(config(HandlerType.LOG, null, null, null, null, null,
        new JsonObject())).encode()).isEqualTo("{\"address\":\"app.upper\"}");
    // the handler's address wins over the user's; the user's object is left untouched
    assertThat(Handlers.deploymentConfig(verticle(EXAMPLE, null, user)).encode())
        .isEqualTo("{\"suffix\":\"!\",\"address\":\"app.upper\"}");
    assertThat(user.encode()).isEqualTo("{\"suffix\":\"!\",\"address\":\"mine\"}");
    assertThat(Handlers.deploymentConfig(verticle(EXAMPLE, null, null)).encode())
        .isEqualTo("{\"address\":\"app.upper\"}");
  }

  @Test
  void theTemplateDefaultIsTheConfigDefault() {
    assertThat(TemplateHandler.DEFAULT_TEMPLATE).isEqualTo(HandlerConfig.DEFAULT_TEMPLATE);
  }

  @Test
  void defaultsInstancesPerType() {
    JsonObject none = new JsonObject();
    assertThat(Handlers.instances(config(HandlerType.ECHO, null, null, null, null, null, none), 8)).isEqualTo(8);
    assertThat(Handlers.instances(config(HandlerType.TEMPLATE, null, null, null, null, null, none), 8)).isEqualTo(8);
    assertThat(Handlers.instances(config(HandlerType.BROADCAST, null, null, null, null, null, none), 8)).isEqualTo(1);
    assertThat(Handlers.instances(config(HandlerType.LOG, null, null, null, null, null, none), 8)).isEqualTo(1);
    assertThat(Handlers.instances(verticle(EXAMPLE, null, none), 8)).isEqualTo(1);
    assertThat(Handlers.instances(verticle(EXAMPLE, 3, none), 8)).isEqualTo(3);
    assertThat(Handlers.instances(config(HandlerType.ECHO, 2, null, null, null, null, none), 8)).isEqualTo(2);
    assertThatThrownBy(() -> Handlers.instances(verticle(EXAMPLE, 0, none), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler app.upper: instances must be >= 1 (was 0)");
  }

  @Test
  void deploysTheExampleVerticleByClassName(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 2) {
        ctx.verify(() -> assertThat(received).containsExactly(reply("HELLO, WORLD!", 0), push("PUSHED!")));
        ctx.completeNow();
      }
    })
        .compose(v -> Handlers.deploy(vertx,
            verticle(EXAMPLE, null, new JsonObject().put("suffix", "!").put("address", "elsewhere")), 4))
        .onComplete(ctx.succeeding(id -> {
          ctx.verify(() -> assertThat(vertx.deploymentIDs()).containsExactly(id));
          listener.request(ADDRESS, "hello, world", 0);
          listener.send(ADDRESS, "pushed");
        }));
  }

  @Test
  void theExampleReadsItsLocale(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    listener.onConnection(message -> ctx.verify(() -> {
      assertThat(Received.of(message)).isEqualTo(reply("İSTANBUL", 0));
      ctx.completeNow();
    }))
        .compose(v -> Handlers.deploy(vertx, verticle(EXAMPLE, null, new JsonObject().put("locale", "tr")), 4))
        .onComplete(ctx.succeeding(id -> listener.request(ADDRESS, "istanbul", 0)));
  }

  /** The README's config file and conf/examples' both load and deploy the example. */
  @Test
  void deploysTheExampleFromItsConfigFiles(Vertx vertx, VertxTestContext ctx) throws IOException {
    List<HandlerConfig> handlers = new ArrayList<>();
    for (String file : List.of("examples/uppercase-handler/uppercase.json", "conf/examples/custom-verticle.json")) {
      handlers.addAll(ConfigLoader.parse(new JsonObject(Files.readString(Path.of(file)))).handlers());
    }
    assertThat(handlers).extracting(HandlerConfig::className).containsExactly(EXAMPLE, EXAMPLE);
    ListenerStub listener = new ListenerStub(vertx);
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 2) {
        ctx.verify(() -> assertThat(received).containsExactlyInAnyOrder(reply("HELLO!", 0), reply("HELLO!", 1)));
        ctx.completeNow();
      }
    })
        .compose(v -> Future.all(Handlers.deploy(vertx, handlers.get(0), 4), Handlers.deploy(vertx, handlers.get(1), 4)))
        .onComplete(ctx.succeeding(ids -> {
          listener.request(handlers.get(0).address(), "hello", 0);
          listener.request(handlers.get(1).address(), "hello", 1);
        }));
  }

  @Test
  void aMissingClassFailsWithAClearMessage(Vertx vertx, VertxTestContext ctx) {
    Handlers.deploy(vertx, verticle("com.example.Missing", null, new JsonObject()), 4)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(Handlers.DeployException.class)
              .hasMessage("cannot deploy com.example.Missing: class not found on the classpath");
          assertThat(((Handlers.DeployException) e).className()).isEqualTo("com.example.Missing");
          assertThat(vertx.deploymentIDs()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void classesThatCannotBeVerticlesFailWithAClearMessage(Vertx vertx, VertxTestContext ctx) {
    Future<String> notVerticle = Handlers.deploy(vertx, verticle("java.lang.String", null, new JsonObject()), 4);
    Future<String> abstractClass = Handlers.deploy(vertx,
        verticle(FrameHandlerVerticle.class.getName(), null, new JsonObject()), 4);
    Future<String> failingStart = Handlers.deploy(vertx,
        verticle(FailingHandler.class.getName(), 2, new JsonObject()), 4);
    Future.join(notVerticle, abstractClass, failingStart).onComplete(all -> ctx.verify(() -> {
      assertThat(notVerticle.cause()).isInstanceOf(Handlers.DeployException.class).hasMessage(
          "cannot deploy java.lang.String: not a verticle (it must implement io.vertx.core.Deployable,"
              + " e.g. extend dev.framewire.api.FrameHandlerVerticle)");
      assertThat(abstractClass.cause()).isInstanceOf(Handlers.DeployException.class)
          .hasMessage("cannot deploy dev.framewire.api.FrameHandlerVerticle: class is abstract");
      assertThat(failingStart.cause()).isInstanceOf(Handlers.DeployException.class)
          .hasMessage("cannot deploy dev.framewire.handler.HandlersTest$FailingHandler: no database at db:5432");
      assertThat(vertx.deploymentIDs()).isEmpty();
      ctx.completeNow();
    }));
  }
}
