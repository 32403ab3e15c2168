package dev.framewire.handler;

import static dev.framewire.handler.ListenerStub.Received.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import dev.framewire.handler.ListenerStub.Received;
import dev.framewire.api.Envelope;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class BroadcastHandlerTest {
  private static final String ADDRESS = "test.broadcast";

  /** What a listener's broadcast consumer sees. */
  record Broadcast(Object body, String exclude) {
    static Broadcast of(Message<Object> message) {
      return new Broadcast(message.body(), message.headers().get(Envelope.EXCLUDE));
    }
  }

  /** Collects {@code count} messages, then completes. */
  private static <T> Future<List<T>> collect(Vertx vertx, String address, int count,
      Function<Message<Object>, T> view) {
    Promise<List<T>> done = Promise.promise();
    List<T> seen = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer(address, message -> {
      seen.add(view.apply(message));
      if (seen.size() == count) {
        done.complete(seen);
      }
    });
    return done.future();
  }

  @Test
  void publishesToTheOtherConnectionsAndReleasesTheSendersReply(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    Future<List<Broadcast>> broadcasts =
        collect(vertx, Envelope.broadcastAddress("lines"), 3, Broadcast::of);
    Future<List<Received>> replies = collect(vertx, ListenerStub.CONN_ADDRESS, 2, Received::of);
    Future.all(broadcasts, replies).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(broadcasts.result()).containsExactly(
          new Broadcast("hi all", ListenerStub.CONN),
          new Broadcast(Buffer.buffer("sent"), ListenerStub.CONN),
          new Broadcast(new JsonObject().put("n", 3), ListenerStub.CONN));
      // a null reply: nothing to write, but the sender's reply order moves on
      assertThat(replies.result()).containsExactly(reply(null, 0), reply(null, 1));
      ctx.completeNow();
    })));
    Handlers.deploy(vertx, new HandlerConfig(HandlerType.BROADCAST, ADDRESS, null, null, null, null,
            null, new JsonObject()), 4)
        .onComplete(ctx.succeeding(id -> {
          listener.request(ADDRESS, "hi all", 0);
          listener.send(ADDRESS, Buffer.buffer("sent"));
          listener.request(ADDRESS, new JsonObject().put("n", 3), 1);
        }));
  }

  @Test
  void includeSenderPublishesWithNoExclusion(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    collect(vertx, Envelope.broadcastAddress("lines"), 1, Broadcast::of)
        .onComplete(ctx.succeeding(seen -> ctx.verify(() -> {
          assertThat(seen).containsExactly(new Broadcast("to everyone", null));
          ctx.completeNow();
        })));
    vertx.deployVerticle(new BroadcastHandler(), new DeploymentOptions()
            .setConfig(new JsonObject().put("address", ADDRESS).put("includeSender", true)))
        .onComplete(ctx.succeeding(id -> listener.send(ADDRESS, "to everyone")));
  }

  @Test
  void aFrameWithNoListenerHeaderFailsWithHandlerFailure(Vertx vertx, VertxTestContext ctx) {
    ListenerStub listener = new ListenerStub(vertx);
    listener.onConnection(message -> ctx.verify(() -> {
      assertThat(Received.of(message)).isEqualTo(Received.failure(Envelope.HANDLER_FAILURE,
          "frame has no fw.listener header", 5));
      ctx.completeNow();
    }))
        .compose(v -> Handlers.deploy(vertx, new HandlerConfig(HandlerType.BROADCAST, ADDRESS, null,
            null, null, null, null, new JsonObject()), 4))
        .onComplete(ctx.succeeding(id -> {
          var options = ListenerStub.headers().addHeader(Envelope.SEQUENCE, "5");
          options.getHeaders().remove(Envelope.LISTENER);
          vertx.eventBus().send(ADDRESS, "lost", options);
        }));
  }
}
