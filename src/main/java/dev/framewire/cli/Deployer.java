package dev.framewire.cli;

import dev.framewire.bridge.BridgeStats;
import dev.framewire.bridge.BridgeVerticle;
import dev.framewire.cluster.CountingClusterManager;
import dev.framewire.config.BridgeConfig;
import dev.framewire.config.FramewireConfig;
import dev.framewire.config.PermittedAddress;
import dev.framewire.config.HandlerConfig;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.Protocol;
import dev.framewire.config.HttpConfig;
import dev.framewire.handler.Handlers;
import dev.framewire.monitor.Dashboard;
import dev.framewire.route.HandlerNodes;
import dev.framewire.monitor.Health;
import dev.framewire.monitor.Metrics;
import dev.framewire.monitor.MonitorVerticle;
import dev.framewire.transport.Admission;
import dev.framewire.transport.ListenerStats;
import dev.framewire.transport.ListenerView;
import dev.framewire.transport.ProcessConnections;
import dev.framewire.transport.SourceRates;
import dev.framewire.transport.TcpListenerVerticle;
import dev.framewire.transport.TlsReloader;
import dev.framewire.transport.UdpListenerVerticle;
import dev.framewire.transport.VertxInternals;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: deploys a configuration's handlers, then its bridge, then its listeners,
 * and stops them in the reverse order (listeners first, so that in-flight requests still find
 * their handlers).
 */
public final class Deployer {
  private static final Logger log = LoggerFactory.getLogger(Deployer.class);
  private static final java.util.concurrent.atomic.AtomicInteger SHARED_RANDOM_PORTS = new java.util.concurrent.atomic.AtomicInteger();
  private final Vertx vertx;
  private final FramewireConfig config;
  private final Consumer<String> out;
  private final String nodeId;
  private final int eventLoops;
  private final List<String> handlerDeployments = new ArrayList<>();
  private final List<String> listenerDeployments = new ArrayList<>();
  private String bridgeDeployment;
  private int bridgePort = -1;
  private final BridgeStats bridgeStats = new BridgeStats();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, ListenerStats> stats = new LinkedHashMap<>();
  private final Map<String, Admission> admissions = new LinkedHashMap<>();
  private final Metrics metrics;
  private final Health health;
  private String monitorDeployment;
  private int httpPort = -1;
  /** The dashboard's routes, or null without an {@code http} section. */
  private final Dashboard dashboard;
  /** The cap on connections of all listeners together, below the open-files limit. */
  private final ProcessConnections processConnections;
  private final long openFilesLimit;

  /**
   * @param out receives one line per started listener and handler, and warnings
   */
  public Deployer(Vertx vertx, FramewireConfig config, Consumer<String> out) {
    this(vertx, config, out, null);
  }

  /**
   * @param metrics where Vert.x's own metrics already go ({@link Metrics#vertxMetrics()}), so that
   *     Framewire's join them; null: a registry of Framewire's metrics only, made here when the
   *     configuration has an {@code http} section
   */
  public Deployer(Vertx vertx, FramewireConfig config, Consumer<String> out, Metrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.out = out;
    this.nodeId = UUID.randomUUID().toString().substring(0, 8);
    this.eventLoops = eventLoops(config);
    this.metrics = metrics != null ? metrics : config.http() != null ? new Metrics() : null;
    this.health = new Health(config.listeners().size(), config.bridge() != null, vertx.isClustered());
    this.dashboard = config.http() != null ? new Dashboard(vertx, config.http()) : null;
    this.openFilesLimit = ProcessConnections.openFilesLimit();
    this.processConnections = ProcessConnections.of(config.limits(), openFilesLimit);
    if (vertx.isClustered()) {
      health.clusterJoined();  // a clustered Vert.x exists only once it has joined
    }
    if (VertxInternals.clusterManager(vertx).orElse(null) instanceof CountingClusterManager manager) {
      // listeners learn which nodes serve their address, and which node has gone, from the cluster
      HandlerNodes nodes = HandlerNodes.of(vertx);
      manager.observe(nodes, nodes::nodeJoined, nodes::nodeLeft);
      nodes.connect(manager);
    }
  }

  /**
   * Event loops: as configured, else one per core. (Vert.x's own default is two per core; a gateway
   * whose frames hop between listener and handler on the same loop does better with one per core,
   * measured: 0.78 against 0.55 of raw Netty on 2 cores.)
   */
  public static int eventLoops(FramewireConfig config) {
    return config.eventLoops() != null ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
  }

  /** Vert.x options for a configuration: event loops, and the native transport where there is one. */
  public static VertxOptions vertxOptions(FramewireConfig config) {
    return new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops(config));
  }

  public String nodeId() {
    return nodeId;
  }

  /** Actual bound port of each listener, by name (after {@link #start()} completes). */
  public Map<String, Integer> ports() {
    return ports;
  }

  public Map<String, ListenerStats> stats() {
    return stats;
  }

  /** The bridge's bound port (after {@link #start()}), or -1 without a bridge. */
  public int bridgePort() {
    return bridgePort;
  }

  public BridgeStats bridgeStats() {
    return bridgeStats;
  }

  /** The monitoring server's bound port (after {@link #start()}), or -1 without an {@code http} section. */
  public int httpPort() {
    return httpPort;
  }

  /** Readiness as {@code /ready} reports it; {@link #stop()} turns it off first. */
  public Health health() {
    return health;
  }

  /** The metrics {@code /metrics} renders, or null without an {@code http} section. */
  public Metrics metrics() {
    return metrics;
  }

  /** Who may connect to each TCP listener, by name (after {@link #start()} deployed it). */
  public Map<String, Admission> admissions() {
    return admissions;
  }

  /** The process-wide connection cap all listeners share. */
  public ProcessConnections processConnections() {
    return processConnections;
  }

  /** Deploys everything; fails with a one-line message naming the handler or listener at fault. */
  public Future<Void> start() {
    warnAboveOpenFiles();
    Future<Void> chain = Future.succeededFuture();
    if (metrics != null) {
      metrics.meterHandlers(vertx);
      if (config.bridge() != null) {
        metrics.bindBridge(bridgeStats);
      }
      VertxInternals.clusterManager(vertx).ifPresent(metrics::bindCluster);
      metrics.bindProcessConnections(processConnections);
    }
    if (config.http() != null) {
      // first: /health answers and /ready says "not yet" while the rest starts
      chain = deployMonitor(config.http());
    }
    for (int i = 0; i < config.handlers().size(); i++) {
      int index = i;
      chain = chain.compose(v -> deployHandler(index, config.handlers().get(index)));
    }
    if (config.bridge() != null) {
      chain = chain.compose(v -> deployBridge(config.bridge()));
    }
    for (ListenerConfig listener : config.listeners()) {
      chain = chain.compose(v -> deployListener(listener));
    }
    return chain.onSuccess(v -> warnUnserved());
  }

  /**
   * A listener whose address no handler in this process consumes: fine on a cluster (handlers may
   * run on other nodes) or when bridge peers may register there; otherwise every frame would be
   * answered NO_HANDLER, which is worth a warning.
   */
  private void warnUnserved() {
    if (vertx.isClustered()) {
      return;
    }
    for (ListenerConfig listener : config.listeners()) {
      boolean served = config.handlers().stream().anyMatch(h -> h.address().equals(listener.address()))
          || (config.bridge() != null && config.bridge().permitsOutbound(listener.address()));
      if (!served) {
        out.accept("WARNING listener " + listener.name() + ": no handler in this process consumes "
            + listener.address() + " and the node is not clustered (--cluster): its frames get NO_HANDLER errors");
      }
    }
  }

  /** Logs the process cap; a configured cap above the open-files limit cannot hold: the kernel refuses sockets first. */
  private void warnAboveOpenFiles() {
    log.info("connections: at most {} over all listeners ({}; open-files limit {})", processConnections.max(),
        config.limits().maxConnections() != null ? "limits.maxConnections" : "default", openFilesLimit);
    Integer configured = config.limits().maxConnections();
    if (configured != null && openFilesLimit > 0 && configured > openFilesLimit - ProcessConnections.MIN_HEADROOM) {
      out.accept("WARNING limits.maxConnections " + configured + " leaves less than " + ProcessConnections.MIN_HEADROOM
          + " of the process's open-files limit (" + openFilesLimit + ") for the monitoring server, the bridge, the "
          + "cluster and the log; raise the limit (ulimit -Hn) or lower limits.maxConnections");
    }
  }

  private Future<Void> deployMonitor(HttpConfig http) {
    MonitorVerticle verticle = new MonitorVerticle(http, metrics, health, dashboard);
    return vertx.deployVerticle(verticle, new DeploymentOptions())
        .recover(e -> Future.failedFuture(new StartException("http (tcp " + ClientUrl.authority(http.host(), http.port())
            + "): " + bindMessage(e), e)))
        .map(id -> {
          monitorDeployment = id;
          httpPort = verticle.actualPort();
          out.accept(String.format("http     %s  / (dashboard) /metrics /health /ready%s",
              ClientUrl.authority(http.host(), httpPort),
              http.token() != null ? " (bearer token)" : ""));
          return null;
        });
  }

  private Future<Void> deployBridge(BridgeConfig bridge) {
    BridgeVerticle verticle = new BridgeVerticle(bridge, bridgeStats);
    return vertx.deployVerticle(verticle, new DeploymentOptions())
        .recover(e -> Future.failedFuture(new StartException("bridge (tcp " + ClientUrl.authority(bridge.host(), bridge.port())
            + "): " + bindMessage(e), e)))
        .map(id -> {
          bridgeDeployment = id;
          bridgePort = verticle.actualPort();
          health.bridgeBound();
          out.accept(String.format("bridge   tcp%s %s  inbound=%s outbound=%s maxFrameLength=%d",
              bridge.tls() != null ? " tls" : "", ClientUrl.authority(bridge.host(), bridgePort),
              permitted(bridge.inbound()), permitted(bridge.outbound()), bridge.maxFrameLength()));
          return null;
        });
  }

  private static String permitted(List<PermittedAddress> addresses) {
    if (addresses.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (PermittedAddress a : addresses) {
      b.append(b.length() == 0 ? "" : ",").append(a.address() != null ? a.address() : "/" + a.addressRegex() + "/");
    }
    return b.toString();
  }

  private Future<Void> deployHandler(int index, HandlerConfig handler) {
    return Handlers.deploy(vertx, handler, eventLoops)
        .recover(e -> Future.failedFuture(new StartException("handlers[" + index + "] (" + handler.type().json()
            + " on " + handler.address() + "): " + e.getMessage(), e)))
        .map(id -> {
          handlerDeployments.add(id);
          out.accept(String.format("handler  %-10s on %s", handler.type().json(), handler.address()));
          return null;
        });
  }

  private Future<Void> deployListener(ListenerConfig listener) {
    ListenerStats listenerStats = new ListenerStats();
    ListenerView view = new ListenerView(listener.name(), config.http() != null && config.http().tail());
    // TCP: who may connect, shared by the instances (UDP instances judge each datagram's source themselves)
    Admission admission = listener.protocol() == Protocol.TCP
        ? new Admission(listener, listenerStats, processConnections) : null;
    if (admission != null) {
      admissions.put(listener.name(), admission);
    }
    stats.put(listener.name(), listenerStats);
    if (metrics != null) {
      metrics.bindListener(listener.name(), listener.protocol().json(), listenerStats);
    }
    int instances;
    boolean reusePort = false;
    if (listener.protocol() == Protocol.TCP) {
      instances = listener.instances() != null ? listener.instances() : eventLoops;
    } else {
      // by default one socket per event loop where SO_REUSEPORT lets them share the port (the kernel
      // spreads senders over them); a multicast group would hand each of them every datagram
      instances = listener.instances() != null ? listener.instances()
          : vertx.isNativeTransportEnabled() && listener.multicastGroup() == null ? eventLoops : 1;
      if (instances > 1 && !vertx.isNativeTransportEnabled()) {
        out.accept("WARNING listener " + listener.name() + ": " + instances
            + " UDP instances need SO_REUSEPORT on the native transport, which is unavailable here ("
            + vertx.unavailableNativeTransportCause() + "); running 1 instance");
        instances = 1;
      }
      reusePort = instances > 1;
    }
    String where = listener.protocol().json() + " " + ClientUrl.authority(listener.host(), listener.port());
    int total = instances;
    boolean reuse = reusePort;
    // TCP instances share one bound port the Vert.x way; for port 0 they share a random port
    // through a negative port, which Vert.x treats as "any free port, shared under this id"
    int bindPort = listener.protocol() == Protocol.TCP && listener.port() == 0 && total > 1
        ? -SHARED_RANDOM_PORTS.incrementAndGet() : listener.port();
    // TLS: the key material is read and checked once, before any instance, and every instance
    // serves that very set; one reloader per listener rotates it
    Future<TlsReloader> keys = listener.protocol() == Protocol.TCP && listener.tls() != null
        ? TlsReloader.load(vertx, listener, listenerStats) : Future.succeededFuture();
    // the first instance binds (and picks the port when the config says 0); the others share it
    // UDP: one table of per-source rates, which every instance takes from
    SourceRates rates = listener.protocol() == Protocol.UDP ? SourceRates.of(listener) : null;
    return keys.map(tls -> new InstanceParts(listenerStats, view, admission, tls, rates))
        .compose(parts -> deployInstance(listener, 0, bindPort, reuse, parts)
            .compose(port -> {
              int shared = listener.protocol() == Protocol.UDP ? port : bindPort;
              List<Future<Integer>> rest = new ArrayList<>();
              for (int i = 1; i < total; i++) {
                rest.add(deployInstance(listener, i, shared, reuse, parts));
              }
              return Future.all(rest).map(x -> port);
            }))
        .recover(e -> Future.failedFuture(new StartException("listener " + listener.name() + " (" + where + "): "
            + bindMessage(e), e)))
        .map(port -> {
          ports.put(listener.name(), port);
          health.listenerBound();
          if (dashboard != null) {
            dashboard.addListener(listener.name(), listener.protocol().json(),
                ClientUrl.authority(listener.host(), port), listener.framing().type().json(),
                listener.codec().type().json(), listenerStats, view);
          }
          // " proxy": the listener expects a PROXY header first (a client straight in is refused)
          out.accept(String.format("listener %-14s %s%s%s %s  framing=%s codec=%s -> %s (%s, %d instance%s)",
              listener.name(), listener.protocol().json(), listener.tls() != null ? " tls" : "",
              listener.proxyProtocol() != null ? " proxy" : "",
              ClientUrl.authority(listener.host(), port),
              listener.framing().type().json(), listener.codec().type().json(), listener.address(),
              listener.delivery().json(), total, total == 1 ? "" : "s"));
          return null;
        });
  }

  /**
   * What a listener's instances share: its counters and view; for TCP its admission and TLS keys
   * (null without TLS); for UDP its per-source rates (null without a rate).
   */
  private record InstanceParts(ListenerStats stats, ListenerView view, Admission admission, TlsReloader tls,
      SourceRates rates) {
  }

  private Future<Integer> deployInstance(ListenerConfig listener, int index, int port, boolean reusePort,
      InstanceParts parts) {
    if (listener.protocol() == Protocol.TCP) {
      TcpListenerVerticle verticle = new TcpListenerVerticle(listener, nodeId, index, port, parts.stats(),
          parts.view(), config.shutdownGrace(), parts.admission(), parts.tls());
      return vertx.deployVerticle(verticle, new DeploymentOptions()).map(id -> {
        listenerDeployments.add(id);
        return verticle.actualPort();
      });
    }
    UdpListenerVerticle verticle = new UdpListenerVerticle(listener, nodeId, index, port, reusePort, parts.stats(),
        parts.view(), parts.rates());
    return vertx.deployVerticle(verticle, new DeploymentOptions()).map(id -> {
      listenerDeployments.add(id);
      return verticle.actualPort();
    });
  }

  private static String bindMessage(Throwable e) {
    String message = e.getMessage();
    if (e instanceof java.net.BindException || (message != null && message.contains("Address already in use"))) {
      return "cannot bind: address already in use";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /**
   * Graceful stop: not ready from now on; listeners first (they flush in-flight replies), then the
   * bridge, then handlers, and the monitoring server last (it reports the stop until the end).
   */
  public Future<Void> stop() {
    health.stopping();
    List<Future<Void>> listeners = new ArrayList<>();
    for (String id : listenerDeployments) {
      listeners.add(vertx.undeploy(id));
    }
    return Future.join(listeners).<Void>mapEmpty().recover(e -> Future.succeededFuture()).compose(v ->
        bridgeDeployment == null ? Future.<Void>succeededFuture()
            : vertx.undeploy(bridgeDeployment).recover(e -> Future.succeededFuture())).compose(v -> {
      List<Future<Void>> handlers = new ArrayList<>();
      for (String id : handlerDeployments) {
        handlers.add(vertx.undeploy(id));
      }
      return Future.join(handlers).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }).compose(v -> monitorDeployment == null ? Future.<Void>succeededFuture()
        : vertx.undeploy(monitorDeployment).recover(e -> Future.succeededFuture()));
  }

  /** A start failure whose message is fit to show a user as is. */
  public static final class StartException extends RuntimeException {
    StartException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }
}
