package dev.framewire.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A whole Framewire configuration, resolved and validated; loaded by {@link ConfigLoader}. Top-level
 * keys other than these are errors.
 *
 * <pre>
 * {
 *   "shutdownGrace": "10s",
 *   "listeners": [
 *     {"name": "echo", "protocol": "tcp", "port": 65432, "address": "framewire.echo"}
 *   ],
 *   "handlers": [
 *     {"type": "echo", "address": "framewire.echo"}
 *   ]
 * }
 * </pre>
 *
 * At least one listener or one handler is required.
 *
 * @param listeners socket listeners, in start order (names unique)
 * @param handlers handler verticles, deployed before the listeners; default none
 * @param shutdownGrace how long a graceful stop waits for in-flight replies to flush, 0..
 *     {@link #MAX_SHUTDOWN_GRACE}; default {@link #DEFAULT_SHUTDOWN_GRACE}
 * @param eventLoops event-loop threads, 1..{@link #MAX_EVENT_LOOPS}; null = Vert.x default (2 per
 *     core)
 * @param cluster clustering; {@link ClusterConfig#DISABLED} when the section is absent
 * @param bridge the TCP event-bus bridge, or null for none
 * @param http the monitoring HTTP server (metrics, probes, dashboard), or null for none
 * @param log Framewire's own log; {@link LogConfig#DEFAULT} when the section is absent
 * @param limits process-wide limits; {@link LimitsConfig#DEFAULT} when the section is absent
 */
public record FramewireConfig(
    List<ListenerConfig> listeners,
    List<HandlerConfig> handlers,
    Duration shutdownGrace,
    Integer eventLoops,
    ClusterConfig cluster,
    BridgeConfig bridge,
    HttpConfig http,
    LogConfig log,
    LimitsConfig limits) {

  /** Default {@code shutdownGrace}: 10 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  /** Upper bound for {@code shutdownGrace}: 10 minutes. */
  public static final Duration MAX_SHUTDOWN_GRACE = Duration.ofMinutes(10);
  /** Upper bound for {@code eventLoops}. */
  public static final int MAX_EVENT_LOOPS = 256;

  public FramewireConfig {
    listeners = List.copyOf(listeners);
    handlers = List.copyOf(handlers);
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(limits, "limits");
  }

  /** The same configuration, clustered ({@code --cluster}). */
  public FramewireConfig clustered() {
    return cluster.enabled() ? this
        : new FramewireConfig(listeners, handlers, shutdownGrace, eventLoops, cluster.enable(), bridge, http, log,
            limits);
  }
}
