package dev.framewire.cli;

import dev.framewire.cluster.ClusterNode;
import dev.framewire.cluster.CountingClusterManager;
import dev.framewire.cluster.HazelcastSettings;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ConfigException;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.FramewireConfig;
import dev.framewire.config.LogConfig;
import dev.framewire.config.LogFormat;
import dev.framewire.monitor.Metrics;
import dev.framewire.transport.LogFields;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import sun.misc.Signal;

/** Runs Framewire until SIGTERM/SIGINT, then stops gracefully and exits 0. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run Framewire (the default command).")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @picocli.CommandLine.Mixin
  RunOptions options = new RunOptions();

  RunCommand() {}

  RunCommand(RunOptions options) {
    this.options = options;
  }

  @Override
  public Integer call() {
    // before anything logs: the command line's format (its level, and the config's, come once it is read)
    LogConfig logConfig;
    try {
      logConfig = options.log.over(LogConfig.DEFAULT);
    } catch (IllegalArgumentException e) {
      System.err.println("framewire: " + e.getMessage());
      return 2;
    }
    Logging.configure(logConfig);
    FramewireConfig loaded;
    // the config decides the Vert.x options, so it is loaded on a short-lived instance first
    Vertx loader = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      loaded = await(ConfigLoader.load(loader, options.conf).toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
    } catch (ConfigException e) {
      System.err.println("framewire: invalid configuration " + (options.conf == null ? "(embedded conf/config.json)" : options.conf) + ":");
      e.errors().forEach(line -> System.err.println("  " + line));
      return 1;
    } catch (RuntimeException e) {
      System.err.println("framewire: " + e.getMessage());
      return 1;
    } finally {
      loader.close();
    }

    FramewireConfig config = options.cluster ? loaded.clustered() : loaded;
    LogConfig logging = options.log.over(config.log());
    Logging.configure(logging);
    boolean json = logging.format() == LogFormat.JSON;
    // with an http section, Vert.x's own metrics and Framewire's share one registry
    Metrics metrics = config.http() != null ? new Metrics() : null;
    VertxOptions options = metrics != null ? metrics.vertxOptions(Deployer.vertxOptions(config))
        : Deployer.vertxOptions(config);
    Vertx vertx;
    CountingClusterManager manager = null;
    if (config.cluster().enabled()) {
      ClusterConfig settings = config.cluster();
      status(json, "framewire: joining cluster " + (settings.hazelcastConfig() != null
          ? "configured in " + settings.hazelcastConfig()
          : settings.name() + " on " + settings.host() + ", member port " + settings.port() + " or the next free one, "
              + (settings.multicast() ? "multicast" : "members " + String.join(", ", settings.members())))
          + (settings.tls() == null ? "" : ", event bus over TLS with nodes certified by " + settings.tls().caPath()));
      try {
        manager = ClusterNode.manager(settings);
        vertx = await(ClusterNode.start(options, settings, manager, metrics == null ? null : metrics.vertxMetrics())
            .toCompletionStage().toCompletableFuture(), Duration.ofMinutes(2));
      } catch (RuntimeException e) {
        System.err.println("framewire: cannot join the cluster: " + e.getMessage());
        return 1;
      }
    } else {
      vertx = metrics == null ? Vertx.vertx(options)
          : Vertx.builder().with(options).withMetrics(metrics.vertxMetrics()).build();
    }
    Deployer deployer = new Deployer(vertx, config, line -> {
      if (line.startsWith("WARNING")) {
        log.warn(line.substring("WARNING ".length()));
      } else {
        status(json, line);
      }
    }, metrics);
    try {
      await(deployer.start().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      System.err.println("framewire: " + e.getMessage());
      vertx.close();
      return 1;
    }

    CountingClusterManager clusterManager = manager;
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      Thread t = new Thread(() -> {
        status(json, "framewire: stopping (grace " + config.shutdownGrace().toMillis() + " ms)");
        Duration limit = config.shutdownGrace().plusSeconds(5);
        try {
          await(deployer.stop().toCompletionStage().toCompletableFuture(), limit);
          // a clustered node leaves the cluster first (Hazelcast may wait for partition migrations)
          await(vertx.close().toCompletionStage().toCompletableFuture(), vertx.isClustered()
              ? Duration.ofSeconds(HazelcastSettings.GRACEFUL_SHUTDOWN_SECONDS + 10) : Duration.ofSeconds(5));
        } catch (RuntimeException e) {
          System.err.println("framewire: stopped with an error: " + e.getMessage());
          System.err.flush();
          Runtime.getRuntime().halt(1);
        }
        deployer.stats().forEach((name, s) -> log.atInfo().addKeyValue(LogFields.LISTENER, name)
            .log("listener {}: {}", name, s));
        if (config.bridge() != null) {
          log.atInfo().addKeyValue(LogFields.LISTENER, "bridge").log("bridge: {}", deployer.bridgeStats());
        }
        if (clusterManager != null) {
          log.info("cluster: event-bus registrations added={} removed={} by this node",
              clusterManager.registrationsAdded(), clusterManager.registrationsRemoved());
        }
        status(json, "framewire: stopped");
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
      }, "framewire-shutdown");
      // it would inherit the daemon flag of the signal-dispatch thread: the JVM would then exit as
      // soon as Vert.x's threads end, before the counters and "stopped" are printed
      t.setDaemon(false);
      t.start();
    };
    Signal.handle(new Signal("TERM"), s -> stop.run());
    Signal.handle(new Signal("INT"), s -> stop.run());
    // only now: whoever waits for this line may signal at once, and the handlers are in place
    status(json, "framewire: started " + config.listeners().size() + " listener(s), "
        + config.handlers().size() + " handler(s)" + (config.bridge() != null ? ", a bridge" : "")
        + (vertx.isNativeTransportEnabled() ? " (native transport)" : "")
        + (vertx.isClustered() ? ", clustered" : "")
        + "; node " + deployer.nodeId());
    return 0;
  }

  /**
   * A status line on standard output ({@code framewire: started ...}, the listener table), where
   * people and scripts read it; with JSON logs it is also an INFO event, so that the log alone tells
   * the node's lifecycle.
   */
  private static void status(boolean json, String line) {
    System.out.println(line);
    if (json) {
      log.info(line);
    }
  }

  static <T> T await(CompletableFuture<T> future, Duration limit) {
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new RuntimeException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new RuntimeException("timed out after " + limit.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException("interrupted");
    }
  }
}
