package dev.framewire.route;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the handlers of one address have handled: frames, failures, and the time from a frame
 * reaching the handler to its answer, in fixed buckets. Each handler instance writes its own
 * {@link Recorder} (one writer, no contention: a few plain stores per frame); a reader (the metrics
 * scrape) sums the recorders.
 *
 * <p>The stats live in the Vert.x instance ({@link #enable}), so several Framewire instances in
 * one JVM never mix their figures; when they are not enabled (no {@code http} section) handlers
 * record nothing at all.
 */
public final class HandlerStats {
  private static final String MAP = "framewire.handler-stats";
  private static final String KEY = "stats";
  /** Upper bounds of the latency buckets, in nanoseconds: 50 µs to 10 s (then +Inf). */
  public static final long[] BOUNDS_NANOS = {
      50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000,
      50_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L, 5_000_000_000L,
      10_000_000_000L};
  private static final int HANDLED = BOUNDS_NANOS.length + 1;
  private static final int FAILURES = HANDLED + 1;
  private static final int SUM_NANOS = FAILURES + 1;
  private static final int SLOTS = SUM_NANOS + 1;

  private final CopyOnWriteArrayList<Recorder> recorders = new CopyOnWriteArrayList<>();

  /** The stats of every handler address of one Vert.x instance. */
  private record All(Map<String, HandlerStats> byAddress) implements Shareable {
  }

  /** From now on, the handlers deployed on {@code vertx} record their frames; returns the stats by address. */
  public static Map<String, HandlerStats> enable(Vertx vertx) {
    LocalMap<String, All> map = vertx.sharedData().getLocalMap(MAP);
    return map.computeIfAbsent(KEY, k -> new All(new ConcurrentHashMap<>())).byAddress();
  }

  /** A new recorder for one instance of the handler of {@code address}, or null when stats are off. */
  public static Recorder recorder(Vertx vertx, String address) {
    LocalMap<String, All> map = vertx.sharedData().getLocalMap(MAP);
    All all = map.get(KEY);
    if (all == null) {
      return null;
    }
    Recorder recorder = new Recorder();
    all.byAddress().computeIfAbsent(address, a -> new HandlerStats()).recorders.add(recorder);
    return recorder;
  }

  /** Frames handed to the handler. */
  public long handled() {
    return sum(HANDLED);
  }

  /** Frames the handler failed (it threw, or answered with an error code). */
  public long failures() {
    return sum(FAILURES);
  }

  /** Total time from arrival to answer of the answered frames, in seconds. */
  public double latencySumSeconds() {
    return sum(SUM_NANOS) / (double) TimeUnit.SECONDS.toNanos(1);
  }

  /** Answered frames per bucket of {@link #BOUNDS_NANOS}, the last for longer ones (not cumulative). */
  public long[] latencyCounts() {
    long[] counts = new long[BOUNDS_NANOS.length + 1];
    for (Recorder r : recorders) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += r.slots.get(i);
      }
    }
    return counts;
  }

  private long sum(int slot) {
    long sum = 0;
    for (Recorder r : recorders) {
      sum += r.slots.get(slot);
    }
    return sum;
  }

  /**
   * One handler instance's figures. Written only by that instance (its event loop, or the one
   * thread its worker context runs it on at a time), hence ordered plain stores ({@code lazySet})
   * instead of atomic read-modify-writes; read from any thread.
   */
  public static final class Recorder {
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    private Recorder() {
    }

    private void add(int slot, long n) {
      slots.lazySet(slot, slots.get(slot) + n);
    }

    /** A frame reached the handler. */
    public void received() {
      add(HANDLED, 1);
    }

    /** A frame that reached the handler at {@code receivedNanos} ({@link System#nanoTime()}) was answered now. */
    public void answered(long receivedNanos, boolean failed) {
      long nanos = Math.max(0, System.nanoTime() - receivedNanos);
      int bucket = 0;
      while (bucket < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[bucket]) {
        bucket++;
      }
      add(bucket, 1);
      add(SUM_NANOS, nanos);
      if (failed) {
        add(FAILURES, 1);
      }
    }
  }
}
