package dev.framewire.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ClusterTlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a clustered Vert.x: Hazelcast as cluster manager (see {@link HazelcastSettings}), and the
 * event bus bound to the cluster host so that other nodes can send to this one, over mutual TLS
 * when {@code cluster.tls} is set. Logs members as they join and leave.
 */
public final class ClusterNode {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private ClusterNode() {}

  /**
   * @param options the node's Vert.x options (event loops, transport); not modified
   * @return the clustered Vert.x, once this node has joined
   */
  public static Future<Vertx> start(VertxOptions options, ClusterConfig cluster) {
    return start(options, cluster, manager(cluster));
  }

  /** The cluster manager for {@code cluster}; reads files (call it before the event loops start). */
  public static CountingClusterManager manager(ClusterConfig cluster) {
    return new CountingClusterManager(HazelcastSettings.from(cluster));
  }

  /** As {@link #start(VertxOptions, ClusterConfig)}, with a given cluster manager. */
  public static Future<Vertx> start(VertxOptions options, ClusterConfig cluster, HazelcastClusterManager manager) {
    return start(options, cluster, manager, null);
  }

  /** As {@link #start(VertxOptions, ClusterConfig, HazelcastClusterManager)}, reporting to {@code metrics} (or null). */
  public static Future<Vertx> start(VertxOptions options, ClusterConfig cluster, HazelcastClusterManager manager,
      VertxMetricsFactory metrics) {
    Objects.requireNonNull(cluster, "cluster");
    VertxOptions clustered = new VertxOptions(options);
    clustered.setEventBusOptions(eventBusOptions(cluster));
    // the copy keeps only the base class of the metrics options (a Micrometer one would lose its labels)
    clustered.setMetricsOptions(options.getMetricsOptions());
    VertxBuilder builder = Vertx.builder().with(clustered).withClusterManager(manager);
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    return builder.buildClustered()
        .recover(failure -> Future.failedFuture(cluster.tls() != null && fromKeyMaterial(failure)
            ? new IllegalArgumentException("cluster.tls: cannot use " + cluster.tls().certPath() + ", "
                + cluster.tls().keyPath() + " and " + cluster.tls().caPath() + ": " + failure.getMessage(), failure)
            : failure))
        .onSuccess(vertx -> watchMembers(manager));
  }

  /**
   * Whether {@code failure} came from reading the PEM files, which Vert.x reads when the event bus
   * starts (its message, such as {@code Missing -----BEGIN PRIVATE KEY----- ... delimiter}, names
   * no file).
   */
  private static boolean fromKeyMaterial(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().startsWith("io.vertx.core.net.Pem")
            || frame.getClassName().equals("io.vertx.core.net.impl.KeyStoreHelper")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The one place where {@link ClusterConfig} becomes the clustered event bus's options. */
  static EventBusOptions eventBusOptions(ClusterConfig cluster) {
    EventBusOptions options = new EventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort());
    if (cluster.publicHost() != null) {
      options.setClusterPublicHost(cluster.publicHost());
    }
    if (cluster.tls() != null) {
      tls(options, cluster.tls());
    }
    return options;
  }

  /**
   * Mutual TLS: Vert.x builds both the event-bus server (that other nodes connect to) and its client
   * (connecting to them) from these options, so each side presents the node certificate and trusts
   * only the cluster CA; the server requires the client's certificate. Vert.x's client checks no
   * host name ({@code hostnameVerificationAlgorithm ""}): membership is the CA's signature.
   * {@code trustAll} is off on purpose: the event bus's default is on, which would let the client
   * talk to any server, such as one a host on the Hazelcast port published as a node's address.
   * Only PEM (and JKS/PFX) options survive Vert.x's copy of these options into the server's and
   * client's, so PEM options they are.
   */
  private static void tls(EventBusOptions options, ClusterTlsConfig tls) {
    options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(onDisk(tls.certPath())).setKeyPath(onDisk(tls.keyPath())))
        .setTrustOptions(new PemTrustOptions().addCertPath(onDisk(tls.caPath())))
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED);
  }

  /** Absolute, so that Vert.x reads the disk and never falls back to a classpath resource. */
  private static String onDisk(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  private static void watchMembers(HazelcastClusterManager manager) {
    var cluster = manager.getHazelcastInstance().getCluster();
    log.info("cluster: joined as {} ({} member(s))", cluster.getLocalMember().getAddress(), cluster.getMembers().size());
    cluster.addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        log.info("cluster: member {} joined ({} member(s))", event.getMember().getAddress(), event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        log.warn("cluster: member {} left ({} member(s))", event.getMember().getAddress(), event.getMembers().size());
      }
    });
  }
}
