package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import static dev.framewire.handler.ListenerStub.Received.failure;
import static dev.framewire.handler.ListenerStub.Received.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.handler.ListenerStub.Received;
import dev.framewire.api.Envelope;
import dev.framewire.api.Frame;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A handler that throws: its frame fails with HANDLER_FAILURE and the handler goes on. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class HandlerFailureTest {
  private static final String ADDRESS = "test.throwing";

  /** Throws on "boom", echoes anything else. */
  public static final class ThrowingHandler extends FrameHandlerVerticle {
    @Override
    protected void handle(Frame frame) {
      if ("boom".equals(frame.body())) {
        throw new IllegalStateException("boom: out of cheese");
      }
      frame.reply(frame.body());
    }
  }

  @Test
  void aThrowingHandlerFailsThatFrameAndHandlesTheNext(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 3) {
        ctx.verify(() -> assertThat(received).containsExactly(
            failure(Envelope.HANDLER_FAILURE, "boom: out of cheese", 0),
            reply("fine", 1),
            // the "boom" sent with no reply awaited fails silently: nothing reaches the connection
            reply("still fine", 2)));
        ctx.completeNow();
      }
    })
        .compose(v -> vertx.deployVerticle(new ThrowingHandler(),
            new DeploymentOptions().setConfig(new JsonObject().put("address", ADDRESS))))
        .onComplete(ctx.succeeding(id -> {
          listener.request(ADDRESS, "boom", 0);
          listener.request(ADDRESS, "fine", 1);
          listener.send(ADDRESS, "boom");
          listener.request(ADDRESS, "still fine", 2);
        }));
  }

  @Test
  void theExampleHandlerFailsANonTextFrame(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    listener.onConnection(message -> ctx.verify(() -> {
      assertThat(Received.of(message)).isEqualTo(
          failure(Envelope.HANDLER_FAILURE, "expected a text frame (codec \"text\")", 4));
      ctx.completeNow();
    }))
        .compose(v -> vertx.deployVerticle(new com.example.UppercaseHandler(),
            new DeploymentOptions().setConfig(new JsonObject().put("address", ADDRESS))))
        .onComplete(ctx.succeeding(id -> listener.request(ADDRESS, new JsonObject().put("a", 1), 4)));
  }

  @Test
  void aDeploymentConfigWithoutAddressFailsTheDeployment(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new ThrowingHandler(), new DeploymentOptions())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage(ThrowingHandler.class.getName() + ": deployment config has no \"address\"");
          ctx.completeNow();
        })));
  }
}
