package dev.framewire.handler;

import static dev.framewire.handler.ListenerStub.Received.push;
import static dev.framewire.handler.ListenerStub.Received.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import dev.framewire.handler.ListenerStub.Received;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class EchoHandlerTest {
  private static final String ADDRESS = "test.echo";

  private static HandlerConfig echo(Duration delay) {
    return new HandlerConfig(HandlerType.ECHO, ADDRESS, 1, delay, null, null, null, new JsonObject());
  }

  @Test
  void repliesWithEachBodyUnchangedInFrameOrder(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    Buffer bytes = Buffer.buffer(new byte[] {0, 1, (byte) 0xFF, '\n'});
    JsonObject object = new JsonObject().put("n", 1).put("tags", new JsonArray().add("a"));
    JsonArray array = new JsonArray().add(1).add("two");
    List<Object> bodies = List.of(bytes, "héllo wörld", object, array, "");
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == bodies.size()) {
        ctx.verify(() -> assertThat(received).containsExactly(
            reply(bytes, 0), reply("héllo wörld", 1), reply(object, 2), reply(array, 3), reply("", 4)));
        ctx.completeNow();
      }
    })
        .compose(v -> Handlers.deploy(vertx, echo(null), 1))
        .onComplete(ctx.succeeding(id -> {
          for (int i = 0; i < bodies.size(); i++) {
            listener.request(ADDRESS, bodies.get(i), i);
          }
        }));
  }

  @Test
  void pushesTheBodyBackWhenNoReplyIsAwaited(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 3) {
        ctx.verify(() -> assertThat(received).containsExactly(
            push(Buffer.buffer("sent")), push("published"), reply("requested", 7)));
        ctx.completeNow();
      }
    })
        .compose(v -> Handlers.deploy(vertx, echo(null), 1))
        .onComplete(ctx.succeeding(id -> {
          listener.send(ADDRESS, Buffer.buffer("sent"));
          listener.publish(ADDRESS, "published");
          listener.request(ADDRESS, "requested", 7);
        }));
  }

  @Test
  void delayedRepliesWaitOnATimerWithoutBlocking(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    long delayMs = 300;
    // What the handler's event loop sees, in order: frames in (inbound) and replies out (outbound).
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().addInboundInterceptor(delivery -> {
      if (delivery.message().address().equals(ADDRESS)) {
        events.add("in " + delivery.message().body());
      }
      delivery.next();
    });
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().address().equals(ListenerStub.CONN_ADDRESS)) {
        events.add("out " + delivery.message().body());
      }
      delivery.next();
    });
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 2) {
        ctx.verify(() -> {
          assertThat(received).containsExactly(reply("first", 0), reply("second", 1));
          // one instance: answering at once, or sleeping on the loop, would answer "first" before
          // taking "second"; waiting on a timer takes both first
          assertThat(events).containsExactly("in first", "in second", "out first", "out second");
        });
        ctx.completeNow();
      }
    })
        .compose(v -> Handlers.deploy(vertx, echo(Duration.ofMillis(delayMs)), 1))
        .onComplete(ctx.succeeding(id -> {
          listener.request(ADDRESS, "first", 0);
          listener.request(ADDRESS, "second", 1);
        }));
  }

  @Test
  void aNegativeDelayFailsTheDeployment(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new EchoHandler(), new DeploymentOptions()
            .setConfig(new JsonObject().put("address", ADDRESS).put("delay", -5)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage("echo handler test.echo: delay must be >= 0 ms (was -5)");
          ctx.completeNow();
        })));
  }
}
