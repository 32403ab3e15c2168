package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import dev.framewire.api.Frame;
import dev.framewire.route.LoopAffinity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Handler instances consume a loop-local twin of their address: a frame sent from an event loop
 * where an instance lives is handled on that same loop.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HandlerLoopAffinityTest {
  private static final String ADDRESS = "test.affinity";
  private static final int LOOPS = 2;

  private Vertx vertx;

  @BeforeEach
  void twoEventLoops() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    vertx.close().onComplete(ctx.succeedingThenComplete());
  }

  /** Answers with the name of the thread that handled the frame. */
  public static final class ThreadNameHandler extends FrameHandlerVerticle {
    @Override
    protected void handle(Frame frame) {
      frame.reply(Thread.currentThread().getName());
    }
  }

  /** From its own event loop, sends where a listener there would, and records who answered. */
  static final class Probe extends VerticleBase {
    private final Set<String> mismatches;

    Probe(Set<String> mismatches) {
      this.mismatches = mismatches;
    }

    @Override
    public Future<?> start() {
      String loop = Thread.currentThread().getName();
      String target = LoopAffinity.of(vertx).target(ADDRESS);
      if (!target.equals(LoopAffinity.loopAddress(ADDRESS))) {
        mismatches.add(loop + " was sent to " + target);
      }
      return vertx.eventBus().<String>request(target, "which thread?").onSuccess(reply -> {
        if (!loop.equals(reply.body())) {
          mismatches.add(loop + " was answered by " + reply.body());
        }
      });
    }
  }

  @Test
  void instancesOnEveryLoopTakeThatLoopsFrames(VertxTestContext ctx) {
    LoopAffinity affinity = LoopAffinity.of(vertx);
    Set<String> mismatches = ConcurrentHashMap.newKeySet();
    HandlerConfig handler = new HandlerConfig(HandlerType.VERTICLE, ADDRESS, LOOPS, null, null, null,
        ThreadNameHandler.class.getName(), new JsonObject());
    ctx.verify(() -> assertThat(affinity.hasLocalHandler(ADDRESS)).isFalse());
    Handlers.deploy(vertx, handler, LOOPS)
        .compose(id -> {
          ctx.verify(() -> assertThat(affinity.hasLocalHandler(ADDRESS)).isTrue());
          // LOOPS consecutive event-loop contexts cover every loop
          return vertx.deployVerticle(() -> new Probe(mismatches), new DeploymentOptions().setInstances(LOOPS))
              .map(probes -> id);
        })
        .compose(id -> {
          ctx.verify(() -> assertThat(mismatches).isEmpty());
          return vertx.undeploy(id);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(affinity.hasLocalHandler(ADDRESS)).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void echoInstancesRegisterAndUnregisterTheirLoops(VertxTestContext ctx) {
    LoopAffinity affinity = LoopAffinity.of(vertx);
    HandlerConfig echo = new HandlerConfig(HandlerType.ECHO, ADDRESS, null, null, null, null, null,
        new JsonObject());
    Handlers.deploy(vertx, echo, LOOPS)
        .compose(id -> {
          ctx.verify(() -> assertThat(affinity.hasLocalHandler(ADDRESS)).isTrue());
          return vertx.undeploy(id);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(affinity.hasLocalHandler(ADDRESS)).isFalse();
          assertThat(vertx.deploymentIDs()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void workerInstancesTakeFramesOnTheirPublicAddressOnly(VertxTestContext ctx) {
    LoopAffinity affinity = LoopAffinity.of(vertx);
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setInstances(LOOPS).setConfig(new JsonObject().put("address", ADDRESS));
    vertx.deployVerticle(EchoHandler.class, worker)
        .compose(id -> {
          ctx.verify(() -> assertThat(affinity.hasLocalHandler(ADDRESS)).isFalse());
          return vertx.eventBus().<String>request(ADDRESS, "via the public address")
              .map(reply -> List.of(id, reply.body()));
        })
        .compose(idAndReply -> {
          ctx.verify(() -> assertThat(idAndReply.get(1)).isEqualTo("via the public address"));
          return vertx.undeploy(idAndReply.get(0));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(affinity.hasLocalHandler(ADDRESS)).isFalse();
          ctx.completeNow();
        })));
  }
}
