package dev.framewire.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one validation pass: checks every value of a bound {@link ConfigSpec.Root}, including the
 * rules that span fields and listeners (keys that only apply to one framing type, protocol or
 * handler type; unique names; port clashes; TLS files that do not exist), records every problem
 * with its path, applies the defaults and builds the resolved records. Resolved records are built
 * only when nothing failed.
 *
 * <p>This class walks the sections in order; each section has its own validator
 * ({@link ListenerValidator}, {@link HandlerValidator}, {@link ClusterValidator},
 * {@link BridgeValidator}, {@link LogValidator}, {@link LimitsValidator}), and the checks they share are in {@link ConfigValues}.
 */
final class ConfigValidator {
  private final Errors errors;
  private final ConfigValues values;
  private final ListenerValidator listeners;
  private final HandlerValidator handlers;
  private final ClusterValidator cluster;
  private final BridgeValidator bridge;
  private final HttpValidator http;
  private final LogValidator log;
  private final LimitsValidator limits;

  private ConfigValidator(Errors errors) {
    this.errors = errors;
    this.values = new ConfigValues(errors);
    PortBindings ports = new PortBindings(errors); // listeners, the bridge and the http server must not share a port
    this.listeners = new ListenerValidator(values, ports);
    this.handlers = new HandlerValidator(values);
    this.cluster = new ClusterValidator(values);
    this.bridge = new BridgeValidator(values, ports);
    this.http = new HttpValidator(values, ports);
    this.log = new LogValidator(values);
    this.limits = new LimitsValidator(values);
  }

  /** @return the resolved configuration, or null if {@code errors} is not empty afterwards */
  static FramewireConfig validate(ConfigSpec.Root root, Errors errors) {
    return new ConfigValidator(errors).root(root);
  }

  private FramewireConfig root(ConfigSpec.Root root) {
    List<ListenerConfig> listeners = new ArrayList<>();
    List<ConfigSpec.Listener> listenerSpecs = root.listeners() == null ? List.of() : root.listeners();
    for (int i = 0; i < listenerSpecs.size(); i++) {
      ListenerConfig listener = this.listeners.listener(listenerSpecs.get(i), "listeners[" + i + "]");
      if (listener != null) {
        listeners.add(listener);
      }
    }
    List<HandlerConfig> handlers = new ArrayList<>();
    List<ConfigSpec.Handler> handlerSpecs = root.handlers() == null ? List.of() : root.handlers();
    for (int i = 0; i < handlerSpecs.size(); i++) {
      HandlerConfig handler = this.handlers.handler(handlerSpecs.get(i), "handlers[" + i + "]");
      if (handler != null) {
        handlers.add(handler);
      }
    }
    Duration shutdownGrace = values.duration(root.shutdownGrace(), "shutdownGrace", Duration.ZERO,
        FramewireConfig.MAX_SHUTDOWN_GRACE, FramewireConfig.DEFAULT_SHUTDOWN_GRACE);
    Integer eventLoops = values.integer(root.eventLoops(), "eventLoops", 1, FramewireConfig.MAX_EVENT_LOOPS);
    ClusterConfig cluster = root.cluster() == null
        ? ClusterConfig.DISABLED
        : this.cluster.cluster(root.cluster(), "cluster");
    BridgeConfig bridge = root.bridge() == null ? null : this.bridge.bridge(root.bridge(), "bridge");
    HttpConfig http = root.http() == null ? null : this.http.http(root.http(), "http");
    LogConfig log = root.log() == null ? LogConfig.DEFAULT : this.log.log(root.log(), "log");
    LimitsConfig limits = root.limits() == null ? LimitsConfig.DEFAULT : this.limits.limits(root.limits(), "limits");
    if (listenerSpecs.isEmpty() && handlerSpecs.isEmpty()
        && !errors.has("listeners") && !errors.has("handlers")) {
      errors.add("listeners", "at least one listener or handler is required");
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new FramewireConfig(listeners, handlers, shutdownGrace, eventLoops, cluster, bridge, http, log, limits);
  }
}
