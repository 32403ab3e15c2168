package dev.framewire.bench;

import dev.framewire.config.FramingType;
import dev.framewire.config.Protocol;
import dev.framewire.framing.Framings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link BenchPlan} against an echo server: connect, warm up, measure, drain, report. Its
 * own Vert.x instance, one event loop per {@link BenchPlan#threads()}, holds the connections; the
 * calling thread keeps the clock, prints progress and waits, and is never an event loop.
 *
 * <p>An echo server writes every message back unchanged and in order: a Framewire listener whose
 * handler is {@code echo}, or any server that does the same in the same framing.
 */
public final class Bench {
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Bench() {}

  /**
   * Runs the plan; blocks the calling thread for about {@code warmup + duration} (plus connecting
   * and draining, each bounded by its timeout).
   *
   * @param progress receives a one-line status about once a second (rate, p99, errors)
   * @throws IOException when the host does not resolve or no connection could be opened
   */
  public static BenchResult run(BenchPlan plan, Consumer<String> progress) throws IOException {
    InetAddress address = InetAddress.getByName(plan.host());
    Payloads payloads = new Payloads(plan.size(), excluded(plan));
    Buffer sample = Buffer.buffer(plan.size()).setBytes(0, new byte[plan.size()]);
    payloads.write(0, sample);
    int frameBytes = Framings.encoder(plan.framing()).encode(sample).length();

    Tally tally = new Tally();
    int connections = plan.connections();
    long interval = plan.rate() == 0 ? 0 : Math.max(1, Math.round(1e9 * connections / plan.rate()));
    LoadVerticle.Run run = new LoadVerticle.Run(plan, address.getHostAddress(), payloads, tally, interval,
        Math.max(1, plan.maxMessages() / connections));
    int instances = Math.min(plan.threads(), connections);
    List<LoadVerticle> verticles = new ArrayList<>();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger instance = new AtomicInteger();

    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(instances));
    try {
      await(vertx.deployVerticle(() -> {
        int i = instance.getAndIncrement();
        List<Integer> ids = new ArrayList<>();
        for (int id = i; id < connections; id += instances) {
          ids.add(id);
        }
        LoadVerticle v = new LoadVerticle(run, ids, failures);
        synchronized (verticles) {
          verticles.add(v);
        }
        return v;
      }, new DeploymentOptions().setInstances(instances)), plan.connectTimeout().toNanos() + PROGRESS_NANOS);
      int connected = verticles.stream().mapToInt(LoadVerticle::connected).sum();
      if (connected == 0) {
        throw new IOException("cannot connect to " + plan.host() + ":" + plan.port() + ": " + failures.peek());
      }
      tally.errors.add(connections - connected);

      long t0 = System.nanoTime();
      for (LoadVerticle v : verticles) {
        v.begin(t0, interval / connections);
      }
      long measureFrom = t0 + plan.warmup().toNanos();
      long measureTo = measureFrom + plan.duration().toNanos();
      Histogram interval1 = new Histogram(3);
      Histogram total = new Histogram(3);
      long lastVerified = 0;
      long lastAt = t0;
      long measuredFrom = t0;
      boolean measuring = plan.warmup().isZero();
      if (measuring) {
        tally.phase = Tally.Phase.MEASURE;
      }
      long now;
      while ((now = System.nanoTime()) < measureTo) {
        long nextTick = lastAt + PROGRESS_NANOS;
        long wake = Math.min(nextTick, measuring ? measureTo : measureFrom);
        LockSupport.parkNanos(Math.max(0, wake - now));
        now = System.nanoTime();
        boolean warmupOver = !measuring && now >= measureFrom;
        if (warmupOver || now >= nextTick) {
          if (warmupOver) { // the latencies taken now are the warm-up's: shown, not counted
            tally.phase = Tally.Phase.MEASURE;
            measuredFrom = now;
          }
          take(verticles, interval1);
          if (measuring) {
            total.add(interval1);
          }
          long verified = tally.verified.sum();
          progress.accept(progressLine((now - t0) / 1e9, measuring, (verified - lastVerified) * 1e9 / (now - lastAt),
              interval1.getTotalCount() == 0 ? 0 : interval1.getValueAtPercentile(99) / 1000.0, tally.errors.sum()));
          lastVerified = verified;
          lastAt = now;
          measuring |= warmupOver;
        }
      }
      tally.phase = Tally.Phase.DRAIN;
      double seconds = (System.nanoTime() - measuredFrom) / 1e9;
      long messages = tally.measured.sum();
      take(verticles, interval1);
      total.add(interval1);

      long drainTo = System.nanoTime() + plan.replyTimeout().toNanos();
      while (tally.outstanding.sum() > 0 && System.nanoTime() < drainTo) {
        LockSupport.parkNanos(DRAIN_POLL_NANOS);
      }
      long unanswered = Math.max(0, tally.outstanding.sum());
      if (plan.protocol() == Protocol.UDP) {
        tally.lost.add(unanswered);
      } else {
        tally.errors.add(unanswered);
      }
      return new BenchResult((plan.tls() ? "tls" : plan.protocol().json()) + "://" + hostPort(plan), plan.framing().type().json(),
          connections, plan.window(), plan.size(), plan.rate(), messages, seconds, frameBytes,
          percentile(total, 50), percentile(total, 90), percentile(total, 99), percentile(total, 99.9),
          total.getTotalCount() == 0 ? 0 : total.getMaxValue() / 1000.0,
          tally.errors.sum(), tally.lost.sum(), unanswered, tally.sent.sum(), tally.verified.sum(), connected);
    } finally {
      try {
        await(vertx.close(), TimeUnit.SECONDS.toNanos(10));
      } catch (IOException e) {
        // the result stands; the JVM ends soon after
      }
    }
  }

  /** Replaces {@code into} with the latencies every event loop recorded since the last call. */
  private static void take(List<LoadVerticle> verticles, Histogram into) {
    into.reset();
    for (LoadVerticle v : verticles) {
      v.takeLatencies(into);
    }
  }

  /** Bytes a payload must not contain: the framing's delimiter. */
  private static byte[] excluded(BenchPlan plan) {
    FramingType type = plan.framing().type();
    if (type == FramingType.LINES) {
      return new byte[] {'\n'};
    }
    byte[] delimiter = type == FramingType.DELIMITED || type == FramingType.DATAGRAM ? plan.framing().delimiter() : null;
    return delimiter == null ? new byte[0] : delimiter;
  }

  private static String hostPort(BenchPlan plan) {
    String host = plan.host();
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + plan.port();
  }

  private static double percentile(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
  }

  static String progressLine(double elapsed, boolean measuring, double rate, double p99Micros, long errors) {
    return String.format(Locale.ROOT, "%5.1f s %-9s %,12.0f msgs/s  p99 %9s  errors %d", elapsed,
        measuring ? "measuring" : "warm-up", rate, BenchResult.micros(p99Micros), errors);
  }

  private static <T> T await(Future<T> future, long nanos) throws IOException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(nanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("timed out after " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
