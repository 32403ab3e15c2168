package dev.framewire.monitor;

import dev.framewire.bridge.BridgeStats;
import dev.framewire.route.HandlerStats;
import dev.framewire.transport.ListenerStats;
import dev.framewire.transport.ProcessConnections;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of one Framewire process, in one Prometheus registry: Vert.x's own (net, datagram,
 * event bus, the HTTP server), and Framewire's, which read the very counters the process prints
 * at shutdown ({@link ListenerStats}, {@link BridgeStats}): one set of counters, two views.
 *
 * <p>Every name and label is listed in docs/monitoring.md. Labels are bounded: a listener's name, a
 * handler's address, a fixed set of reasons and kinds; never a connection or a remote address.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** The registry {@code /metrics} renders. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * A copy of {@code options} with Vert.x's metrics on; build with {@link #vertxMetrics()}. The
   * event-bus metrics are labelled by address ({@link EventBusMeters}).
   */
  public VertxOptions vertxOptions(VertxOptions options) {
    return new VertxOptions(options).setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
  }

  /** Vert.x's metrics (net, datagram, event bus, HTTP), reported into this registry. */
  public VertxMetricsFactory vertxMetrics() {
    return new FramewireMetricsFactory(registry);
  }

  /** The handlers deployed on {@code vertx} from now on report frames, failures and latency here. */
  public void meterHandlers(Vertx vertx) {
    registry.getPrometheusRegistry().register(new HandlerCollector(HandlerStats.enable(vertx)));
  }

  /** The counters of listener {@code name} ({@code tcp} or {@code udp}). */
  public void bindListener(String name, String protocol, ListenerStats s) {
    Tags tags = Tags.of("listener", name, "protocol", protocol);
    gauge("framewire.connections.open", "Connections open now", tags, s,
        x -> x.connectionsOpened.sum() - x.connectionsClosed.sum());
    counter("framewire.connections.accepted", "Connections accepted", tags, s.connectionsOpened);
    counter("framewire.connections.closed", "Connections closed, for any reason", tags, s.connectionsClosed);
    for (ListenerStats.Rejection reason : ListenerStats.Rejection.values()) {
      counter("framewire.connections.rejected", "Connections refused before they could send a frame",
          tags.and("reason", reason.label), s.rejected(reason));
    }
    for (ListenerStats.LimitClosure reason : ListenerStats.LimitClosure.values()) {
      counter("framewire.connections.limited", "Open connections closed by a limit, by reason",
          tags.and("reason", reason.label), s.closedByLimit(reason));
    }
    if ("udp".equals(protocol)) {
      for (ListenerStats.DatagramRefusal reason : ListenerStats.DatagramRefusal.values()) {
        counter("framewire.datagrams.refused", "Datagrams dropped before they became frames, by reason",
            tags.and("reason", reason.label), s.datagramsRefused(reason));
      }
    }
    counter("framewire.tls.reloads", "TLS certificate sets reloaded from disk (rotation)",
        tags.and("outcome", "loaded"), s.tlsReloads);
    counter("framewire.tls.reloads", "TLS certificate sets reloaded from disk (rotation)",
        tags.and("outcome", "refused"), s.tlsReloadFailures);
    counter("framewire.frames.received", "Frames cut from the byte stream (TCP) or datagrams (UDP)", tags, s.framesIn);
    counter("framewire.frames.sent", "Frames written back", tags.and("kind", "reply"), s.repliesOut);
    counter("framewire.frames.sent", "Frames written back", tags.and("kind", "push"), s.pushesOut);
    counter("framewire.frames.sent", "Frames written back", tags.and("kind", "error"), s.errorFrames);
    counter("framewire.bytes.received", "Bytes read from the sockets", tags, s.bytesIn);
    counter("framewire.bytes.sent", "Bytes written to the sockets", tags, s.bytesOut);
    counter("framewire.frames.oversized", "Frames (or datagrams) over maxLength / maxDatagramSize", tags, s.oversized);
    counter("framewire.frames.corrupt", "Corrupt frames (a bad length field or octet count)", tags, s.corrupt);
    counter("framewire.frames.truncated", "Partial last frames dropped when a connection ended", tags,
        s.truncatedAtEnd);
    counter("framewire.decode.errors", "Frames the codec could not decode (bad UTF-8, invalid JSON)", tags,
        s.decodeErrors);
    String failures = "Frames whose request failed, by kind; bad_reply also counts pushes and broadcasts that "
        + "could not be written";
    for (ListenerStats.RequestFailure kind : ListenerStats.RequestFailure.values()) {
      counter("framewire.request.failures", failures, tags.and("kind", kind.label), s.requestFailures(kind));
    }
    gauge("framewire.requests.in.flight", "Frames sent to the handlers and not answered yet (sampled at "
        + "every timeout sweep)", tags, s, x -> x.inFlight.sum());
    FunctionCounter.builder("framewire.paused", s, x -> x.pausedNanos.sum() / 1e9)
        .description("Time connections spent not reading for back-pressure").baseUnit("seconds")
        .tags(tags).register(registry);
    counter("framewire.slow.consumers.closed", "Connections closed because the client stopped reading", tags,
        s.slowConsumersClosed);
    counter("framewire.udp.kernel.drops", "Datagrams the kernel dropped for the listener's full receive buffer",
        tags, s.kernelDrops);
    counter("framewire.replies.late", "Replies that came after their frame was answered or timed out", tags,
        s.lateReplies);
    counter("framewire.replies.unmatched", "Replies and pushes that named no frame or connection of the listener",
        tags, s.unmatchedReplies);
    counter("framewire.undeliverable", "Replies and pushes whose connection had closed", tags, s.undeliverable);
    counter("framewire.errors.dropped", "Failures that onError did not answer with an error frame", tags,
        s.errorsDropped);
  }

  /** The bridge's counters. */
  public void bindBridge(BridgeStats s) {
    Tags none = Tags.empty();
    gauge("framewire.bridge.peers", "Bridge peers connected now", none, s,
        x -> x.connectionsOpened.sum() - x.connectionsClosed.sum());
    counter("framewire.bridge.connections", "Bridge peer connections accepted", none, s.connectionsOpened);
    counter("framewire.bridge.frames.received", "Messages peers sent or published", none, s.framesIn);
    counter("framewire.bridge.frames.sent", "Messages delivered to peers", none, s.framesOut);
    counter("framewire.bridge.frames.refused", "Peer frames refused", Tags.of("reason", "invalid"), s.invalidFrames);
    counter("framewire.bridge.frames.refused", "Peer frames refused", Tags.of("reason", "oversize"), s.oversizeFrames);
    counter("framewire.bridge.peers.closed", "Peers closed by the bridge", Tags.of("reason", "oversize"),
        s.oversizeFrames);
    counter("framewire.bridge.peers.closed", "Peers closed by the bridge", Tags.of("reason", "slow"),
        s.slowPeersClosed);
    counter("framewire.bridge.frames.failed.on.disconnect", "Frames answered HANDLER_FAILURE because their peer left",
        none, s.framesFailedOnDisconnect);
  }

  /** The process-wide connection cap and the listener connections it counts. */
  public void bindProcessConnections(ProcessConnections connections) {
    gauge("framewire.process.connections.open", "Listener connections open now, all listeners together",
        Tags.empty(), connections, ProcessConnections::open);
    gauge("framewire.process.connections.max", "The cap on listener connections, all listeners together "
        + "(limits.maxConnections)", Tags.empty(), connections, ProcessConnections::max);
  }

  /** The members the cluster manager sees (this node included). */
  public void bindCluster(ClusterManager manager) {
    Gauge.builder("framewire.cluster.members", manager, m -> m.getNodes().size())
        .description("Cluster members this node sees, itself included").register(registry);
  }

  private void counter(String name, String help, Tags tags, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(help).tags(tags).register(registry);
  }

  private <T> void gauge(String name, String help, Tags tags, T source, ToDoubleFunction<T> f) {
    Gauge.builder(name, source, f).description(help).tags(tags).register(registry);
  }
}
