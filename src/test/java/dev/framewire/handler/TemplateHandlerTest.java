package dev.framewire.handler;

import static dev.framewire.handler.ListenerStub.Received.push;
import static dev.framewire.handler.ListenerStub.Received.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import dev.framewire.handler.ListenerStub.Received;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class TemplateHandlerTest {

  private static Future<String> deploy(Vertx vertx, String address, String template) {
    return Handlers.deploy(vertx,
        new HandlerConfig(HandlerType.TEMPLATE, address, 1, null, template, null, null, new JsonObject()), 1);
  }

  @Test
  void fillsEveryPlaceholderAndLeavesUnknownBracesAlone(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    String template = "[{listener}|{remote}|{conn}] {text} {unknown} {{text}} {text";
    Buffer body = Buffer.buffer("héllo ✓".getBytes(StandardCharsets.UTF_8));
    listener.onConnection(message -> ctx.verify(() -> {
      assertThat(Received.of(message)).isEqualTo(reply(
          "[lines|127.0.0.1:53422|node1.lines.0.17] héllo ✓ {unknown} {héllo ✓} {text", 3));
      ctx.completeNow();
    }))
        .compose(v -> deploy(vertx, "test.template", template))
        .onComplete(ctx.succeeding(id -> listener.request("test.template", body, 3)));
  }

  @Test
  void rendersEachBodyTypeAsText(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 5) {
        ctx.verify(() -> assertThat(received).containsExactly(
            reply("<plain>", 0),
            reply("<{\"a\":1,\"b\":\"x\"}>", 1),
            reply("<[1,\"two\",null]>", 2),
            reply("<>", 3),
            push("<pushed>")));
        ctx.completeNow();
      }
    })
        .compose(v -> deploy(vertx, "test.template", "<{text}>"))
        .onComplete(ctx.succeeding(id -> {
          listener.request("test.template", "plain", 0);
          listener.request("test.template", new JsonObject().put("a", 1).put("b", "x"), 1);
          listener.request("test.template", new JsonArray().add(1).add("two").addNull(), 2);
          listener.request("test.template", Buffer.buffer(), 3);
          listener.send("test.template", "pushed");
        }));
  }

  @Test
  void defaultsToTheTextAloneAndKeepsLiteralOnlyTemplates(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 3) {
        // three handlers on three event loops: their replies may cross
        ctx.verify(() -> assertThat(received).containsExactlyInAnyOrder(
            reply("as is", 0), reply("OK", 1), reply("", 2)));
        ctx.completeNow();
      }
    })
        .compose(v -> deploy(vertx, "test.default", null))
        .compose(v -> deploy(vertx, "test.literal", "OK"))
        .compose(v -> deploy(vertx, "test.empty", ""))
        .onComplete(ctx.succeeding(id -> {
          listener.request("test.default", "as is", 0);
          listener.request("test.literal", "ignored", 1);
          listener.request("test.empty", "ignored", 2);
        }));
  }

  @Test
  void aTemplateThatIsNotAStringFailsTheDeployment(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new TemplateHandler(), new DeploymentOptions()
            .setConfig(new JsonObject().put("address", "test.template").put("template", 42)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage("template handler test.template: template must be a string (was 42)");
          ctx.completeNow();
        })));
  }
}
