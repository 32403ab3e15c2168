package dev.framewire.testutil;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits, on the test thread, for a thread-safe condition that event loops make true (counters,
 * future states). Bounded: fails after the limit, and every pause is itself bounded.
 *
 * <p>It cancels nothing: each pause is a one-shot {@link Vertx#timer} awaited with a timeout.
 * (Cancelling a periodic timer from inside its own first tick can race with Vert.x 5.1.1 storing
 * the timer's future, which once left a wait hanging for ever.)
 */
public final class Eventually {
  private static final long PAUSE_MS = 2;

  private Eventually() {}

  public static void await(Vertx vertx, BooleanSupplier condition) {
    await(vertx, condition, Duration.ofSeconds(10));
  }

  public static void await(Vertx vertx, BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + limit.toMillis() + " ms");
      }
      try {
        vertx.timer(PAUSE_MS, TimeUnit.MILLISECONDS).await(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // a late timer is only a longer pause; the deadline still bounds the wait
      }
    }
  }
}
