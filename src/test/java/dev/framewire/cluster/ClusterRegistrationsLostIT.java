package dev.framewire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.LifecycleEvent;
import dev.framewire.cli.Deployer;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ConfigLoader;
import dev.framewire.route.HandlerNodes;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registrations the cluster loses without a word, as the merge after a network partition can, are
 * read again when the cluster manager reports them lost: clustered nodes in one JVM, Hazelcast on
 * loopback. Node A runs a listener, node B the handlers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterRegistrationsLostIT {
  /** Where Vert.x's Hazelcast cluster manager keeps the cluster's event-bus registrations. */
  private static final String SUBSCRIPTIONS = "__vertx.subs";
  /** How often the stale view is set up before the test gives up on setting it up. */
  private static final int STALE_ATTEMPTS = 5;

  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close().await(30, TimeUnit.SECONDS);
    }
  }

  private Vertx join(ClusterConfig cluster, CountingClusterManager manager) throws Exception {
    VertxOptions options = Deployer.vertxOptions(ConfigLoader.parse(ClusterIT.minimal()));
    Vertx vertx = ClusterNode.start(options, cluster, manager).await(60, TimeUnit.SECONDS);
    nodes.add(vertx);
    return vertx;
  }

  @Test
  void aNodeThatServesTheAddressNoMoreIsForgottenOnceRegistrationsAreReportedLost() throws Exception {
    int seed = Ports.freePort();
    ClusterConfig first = ClusterIT.node(seed, seed);
    ClusterConfig second = ClusterIT.node(Ports.freePort(), seed);
    CountingClusterManager managerA = ClusterNode.manager(first);
    CountingClusterManager managerB = ClusterNode.manager(second);
    Vertx a = join(first, managerA);
    Vertx b = join(second, managerB);
    Eventually.await(a, () -> managerA.getNodes().size() == 2, Duration.ofSeconds(30));
    Gateway edge = Gateway.start(a, new JsonObject()
        .put("listeners", new JsonArray().add(ClusterIT.lines("edge", "it.lost")))
        .put("handlers", new JsonArray())).await(60, TimeUnit.SECONDS);
    HandlerNodes handlerNodes = HandlerNodes.of(a);
    boolean stale = false;
    for (int attempt = 0; attempt < STALE_ATTEMPTS && !stale; attempt++) {
      Gateway handlers = Gateway.start(b, new JsonObject().put("listeners", new JsonArray())
          .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "it.lost"))))
          .await(60, TimeUnit.SECONDS);
      ClusterIT.awaitBatchable(a, "it.lost", 1);
      assertThat(handlerNodes.route("it.lost"))
          .isEqualTo(new HandlerNodes.Route(List.of(managerB.getNodeId()), true));

      // the cluster loses every registration and no member hears of it (a cleared map fires no
      // entry events); B then stops serving the address: its removals find nothing, so no one is told
      managerA.getHazelcastInstance().getMultiMap(SUBSCRIPTIONS).clear();
      handlers.stop().await(30, TimeUnit.SECONDS);
      // Vert.x coalesces registration updates for a moment before it reads the map: one still on
      // its way when the map was cleared reads the empty map, and A's view is not stale. Then the
      // scenario is set up again.
      stale = handlerNodes.route("it.lost").nodes().equals(List.of(managerB.getNodeId()));
    }
    assertThat(stale).as("A's view stale in one of %d attempts", STALE_ATTEMPTS).isTrue();

    // a third member joins and leaves: the cluster manager reports registrations lost
    ClusterConfig third = ClusterIT.node(Ports.freePort(), seed);
    Vertx c = join(third, ClusterNode.manager(third));
    Eventually.await(a, () -> managerA.getNodes().size() == 3, Duration.ofSeconds(30));
    c.close().await(30, TimeUnit.SECONDS);
    nodes.remove(c);
    Eventually.await(a, () -> managerA.getNodes().size() == 2, Duration.ofSeconds(30));

    Eventually.await(a, () -> handlerNodes.route("it.lost").equals(new HandlerNodes.Route(List.of(), false)),
        Duration.ofSeconds(20));
    edge.stop().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aNodeTheMergedClusterNoLongerHasIsGoneThoughNoMemberReportedItLeaving() throws Exception {
    int seed = Ports.freePort();
    ClusterConfig first = ClusterIT.node(seed, seed);
    ClusterConfig second = ClusterIT.node(Ports.freePort(), seed);
    // A hears of no member leaving, as after a merge that drops members without a word
    AtomicBoolean deaf = new AtomicBoolean();
    CountingClusterManager managerA = new CountingClusterManager(HazelcastSettings.from(first)) {
      @Override
      public void memberRemoved(MembershipEvent event) {
        if (!deaf.get()) {
          super.memberRemoved(event);
        }
      }
    };
    CountingClusterManager managerB = ClusterNode.manager(second);
    Vertx a = join(first, managerA);
    Vertx b = join(second, managerB);
    Eventually.await(a, () -> managerA.getNodes().size() == 2, Duration.ofSeconds(30));
    Gateway.start(b, new JsonObject().put("listeners", new JsonArray())
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "it.merged"))))
        .await(60, TimeUnit.SECONDS);
    Gateway edge = Gateway.start(a, new JsonObject()
        .put("listeners", new JsonArray().add(ClusterIT.lines("edge", "it.merged")))
        .put("handlers", new JsonArray())).await(60, TimeUnit.SECONDS);
    ClusterIT.awaitBatchable(a, "it.merged", 1);
    HandlerNodes handlerNodes = HandlerNodes.of(a);
    String nodeB = managerB.getNodeId();
    List<String> told = new CopyOnWriteArrayList<>();
    handlerNodes.onNodeGone(a.getOrCreateContext(), told::add);

    // B vanishes with its registrations in place: its Hazelcast stops dead, and A is not told
    deaf.set(true);
    managerB.getHazelcastInstance().getLifecycleService().terminate();
    Eventually.await(a, () -> managerA.getNodes().size() == 1, Duration.ofSeconds(30));
    assertThat(handlerNodes.route("it.merged").nodes()).as("A's view, stale").containsExactly(nodeB);

    // the cluster reports the merge: vertx-hazelcast reports registrations lost, and B is gone
    managerA.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGED));
    assertThat(handlerNodes.route("it.merged")).isEqualTo(new HandlerNodes.Route(List.of(), false));
    Eventually.await(a, () -> !told.isEmpty(), Duration.ofSeconds(10));
    assertThat(told).containsExactly(nodeB);
    edge.stop().await(30, TimeUnit.SECONDS);
    nodes.remove(b);
    b.close().otherwiseEmpty().await(30, TimeUnit.SECONDS);  // its cluster manager cannot leave a cluster it is out of
  }
}
