package dev.framewire.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What one handler address has handled: frames, failures, and the time from a frame reaching the
 * handler to its answer (reply or failure), as a histogram. Shared by the handler's instances.
 *
 * <p>The registry is the Vert.x instance's own ({@link #install}), so several Framewire instances
 * in one JVM never mix their figures; with none installed (no {@code http} section) handlers are
 * not metered at all.
 */
public final class HandlerMeter {
  private static final String MAP = "framewire.meters";
  private static final String REGISTRY = "registry";
  /** Bucket bounds of the latency histogram: 50 µs to 10 s. */
  static final Duration[] BUCKETS = {
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private final Counter handled;
  private final Counter failures;
  private final Timer latency;

  private HandlerMeter(MeterRegistry registry, String address) {
    this.handled = Counter.builder("framewire.handler.frames").description("Frames handed to the handler")
        .tag("handler", address).register(registry);
    this.failures = Counter.builder("framewire.handler.failures")
        .description("Frames the handler failed (it threw, or answered with an error code)")
        .tag("handler", address).register(registry);
    this.latency = Timer.builder("framewire.handler.latency")
        .description("Time from a frame reaching the handler to its answer")
        .tag("handler", address).serviceLevelObjectives(BUCKETS).register(registry);
  }

  private record Holder(MeterRegistry registry) implements Shareable {
  }

  /** Makes {@code registry} the one the handlers of {@code vertx} report to; call before deploying them. */
  public static void install(Vertx vertx, MeterRegistry registry) {
    LocalMap<String, Holder> map = vertx.sharedData().getLocalMap(MAP);
    map.put(REGISTRY, new Holder(registry));
  }

  /** The meter of handler {@code address} on {@code vertx}, or null when no registry is installed. */
  public static HandlerMeter of(Vertx vertx, String address) {
    LocalMap<String, Holder> map = vertx.sharedData().getLocalMap(MAP);
    Holder holder = map.get(REGISTRY);
    return holder == null ? null : new HandlerMeter(holder.registry(), address);
  }

  /** A frame reached the handler. */
  public void received() {
    handled.increment();
  }

  /** A frame received at {@code receivedNanos} ({@link System#nanoTime()}) was answered now. */
  public void answered(long receivedNanos, boolean failed) {
    latency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    if (failed) {
      failures.increment();
    }
  }
}
