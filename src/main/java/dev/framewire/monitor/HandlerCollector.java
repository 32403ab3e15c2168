package dev.framewire.monitor;

import dev.framewire.route.HandlerStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The handlers' figures ({@link HandlerStats}) as Prometheus metrics, read at each scrape:
 * {@code framewire_handler_frames_total}, {@code framewire_handler_failures_total} and the
 * histogram {@code framewire_handler_latency_seconds}, labelled by handler address. The handlers
 * record into plain per-instance slots; a Micrometer timer per frame cost several times more.
 */
final class HandlerCollector implements MultiCollector {
  static final String FRAMES = "framewire_handler_frames";
  static final String FAILURES = "framewire_handler_failures";
  static final String LATENCY = "framewire_handler_latency_seconds";
  private static final double[] BOUNDS_SECONDS = new double[HandlerStats.BOUNDS_NANOS.length + 1];

  static {
    for (int i = 0; i < HandlerStats.BOUNDS_NANOS.length; i++) {
      BOUNDS_SECONDS[i] = HandlerStats.BOUNDS_NANOS[i] / 1e9;
    }
    BOUNDS_SECONDS[HandlerStats.BOUNDS_NANOS.length] = Double.POSITIVE_INFINITY;
  }

  private final Map<String, HandlerStats> stats;

  HandlerCollector(Map<String, HandlerStats> stats) {
    this.stats = stats;
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder frames = CounterSnapshot.builder().name(FRAMES).help("Frames handed to the handler");
    CounterSnapshot.Builder failures = CounterSnapshot.builder().name(FAILURES)
        .help("Frames the handler failed (it threw, or answered with an error code)");
    HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name(LATENCY)
        .help("Time from a frame reaching the handler to its answer");
    for (Map.Entry<String, HandlerStats> e : new TreeMap<>(stats).entrySet()) {
      Labels labels = Labels.of("handler", e.getKey());
      HandlerStats s = e.getValue();
      frames.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(s.handled()).build());
      failures.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(s.failures()).build());
      latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
          .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, s.latencyCounts()))
          .sum(s.latencySumSeconds()).build());
    }
    return new MetricSnapshots(frames.build(), failures.build(), latency.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(FRAMES, FAILURES, LATENCY);
  }
}
