package dev.framewire.testutil;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that an event loop makes true, checking it on a Vert.x timer. Bounded. */
public final class Conditions {
  private Conditions() {}

  public static void await(Vertx vertx, BooleanSupplier condition) {
    await(vertx, condition, Duration.ofSeconds(10));
  }

  public static void await(Vertx vertx, BooleanSupplier condition, Duration limit) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + limit.toNanos();
    vertx.setPeriodic(1, 2, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met within " + limit.toMillis() + " ms");
      }
    });
    done.future().await();
  }
}
