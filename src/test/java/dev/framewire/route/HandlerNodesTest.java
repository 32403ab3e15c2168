package dev.framewire.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import io.vertx.core.Completable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusteredNode;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a listener learns from the cluster's registrations: which nodes take batches, and when not. */
class HandlerNodesTest {
  private final Vertx vertx = Vertx.vertx();
  private final HandlerNodes nodes = HandlerNodes.of(vertx);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Registrations as the cluster manager reports them: one per node id given. */
  private static List<RegistrationInfo> registrations(String... nodeIds) {
    List<RegistrationInfo> list = new ArrayList<>();
    for (String nodeId : nodeIds) {
      list.add(new RegistrationInfo(nodeId, list.size(), false));
    }
    return list;
  }

  /** The registrations of {@code address} as the cluster manager reports them: one per node id given. */
  private void update(String address, String... nodeIds) {
    nodes.registrationsUpdated(new RegistrationUpdateEvent(address, registrations(nodeIds)));
  }

  /**
   * A cluster whose registrations and members the test sets without telling anyone (as a healed
   * partition loses them); a lookup reads them when asked and answers when the test says.
   */
  private static final class Cluster implements ClusteredNode {
    final Map<String, List<RegistrationInfo>> registrations = new ConcurrentHashMap<>();
    final List<String> members = new CopyOnWriteArrayList<>(List.of("local"));
    private final List<Lookup> unanswered = new CopyOnWriteArrayList<>();

    private record Lookup(String address, Runnable answer, Runnable failure) {
    }

    void serve(String address, String... nodeIds) {
      registrations.put(address, registrations(nodeIds));
      registrations.put(FramewireEnvelope.markAddress(address), registrations(nodeIds));
    }

    int unanswered() {
      return unanswered.size();
    }

    /** Answers every lookup asked so far, the most recent first when {@code newestFirst}. */
    void answer(boolean newestFirst) {
      List<Lookup> answers = new ArrayList<>(unanswered);
      unanswered.clear();
      if (newestFirst) {
        java.util.Collections.reverse(answers);
      }
      answers.forEach(lookup -> lookup.answer().run());
    }

    /** Answers the lookups of {@code address} asked so far, and no other. */
    void answer(String address) {
      for (Lookup lookup : unanswered) {
        if (lookup.address().equals(address)) {
          unanswered.remove(lookup);
          lookup.answer().run();
        }
      }
    }

    /** Fails every lookup asked so far, as a cluster manager in trouble does. */
    void fail() {
      List<Lookup> failing = new ArrayList<>(unanswered);
      unanswered.clear();
      failing.forEach(lookup -> lookup.failure().run());
    }

    @Override
    public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
      List<RegistrationInfo> read = registrations.getOrDefault(address, List.of());
      unanswered.add(new Lookup(address, () -> promise.succeed(read),
          () -> promise.fail(new IllegalStateException("lookup failed (test)"))));
    }

    @Override
    public List<String> getNodes() {
      return List.copyOf(members);
    }

    @Override
    public String getNodeId() {
      return "local";
    }

    @Override
    public NodeInfo getNodeInfo() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
      throw new UnsupportedOperationException();
    }
  }

  /** Watches "a" on {@code cluster}, and has learnt that {@code nodeIds} serve it. */
  private void following(Cluster cluster, String... nodeIds) {
    cluster.members.addAll(List.of(nodeIds));
    cluster.serve("a", nodeIds);
    nodes.connect(cluster);
    nodes.route("a");
    assertThat(cluster.unanswered()).as("the address and its mark").isEqualTo(2);
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of(nodeIds), true));
  }

  @Test
  void nodesWhereEveryConsumerIsAFramewireHandlerTakeBatches() {
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of(), false));
    assertThat(nodes.wantsUpdatesFor("a")).isTrue();
    assertThat(nodes.wantsUpdatesFor("a#framewire")).isTrue();
    assertThat(nodes.wantsUpdatesFor("b")).isFalse();
    int version = nodes.version();
    update("a#framewire", "n2", "n1", "n1");
    assertThat(nodes.route("a")).as("the address's consumers not known yet")
        .isEqualTo(new HandlerNodes.Route(List.of(), false));
    update("a", "n1", "n2", "n1");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1", "n2"), true));
    assertThat(nodes.version()).isGreaterThan(version);
  }

  @Test
  void anyOtherConsumerAnywhereKeepsEveryFrameOnThePublicAddress() {
    nodes.route("a");
    update("a#framewire", "n1", "n2");
    update("a", "n1", "n2", "n3");  // n3: a bridge peer, say
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1", "n2"), false));
    update("a", "n1", "n2", "n2");  // n2: a Framewire handler and a plain consumer
    assertThat(nodes.route("a").batchable()).isFalse();
    update("a", "n1", "n2");
    assertThat(nodes.route("a").batchable()).isTrue();
  }

  @Test
  void aNodeThatLeftIsNoLongerChosenAndItsListenersAreTold() throws Exception {
    nodes.route("a");
    update("a#framewire", "n1", "n2");
    update("a", "n1", "n2");
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    Runnable stop = nodes.onNodeGone(vertx.getOrCreateContext(), told::add);
    nodes.nodeLeft("n1");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n2"), true));
    dev.framewire.testutil.Eventually.await(vertx, () -> told.size() == 1);
    assertThat(told).containsExactly("n1");
    // its registrations, still reported for a while, do not bring it back
    update("a#framewire", "n1", "n2");
    assertThat(nodes.route("a").nodes()).containsExactly("n2");
    stop.run();
    nodes.nodeLeft("n2");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of(), false));
    assertThat(told).containsExactly("n1");
  }

  @Test
  void afterRegistrationsAreLostTheViewIsReadAgainFromTheCluster() {
    Cluster cluster = new Cluster();
    following(cluster, "n1", "n2");
    // lost without a word: n1 serves "a" no more, n3 now does, and a plain consumer on n2 shares it
    cluster.members.add("n3");
    cluster.serve("a", "n2", "n3");
    cluster.registrations.put("a", registrations("n2", "n3", "n2"));
    int version = nodes.version();
    nodes.registrationsLost();
    assertThat(cluster.unanswered()).isEqualTo(2);
    assertThat(nodes.route("a")).as("what it knew, until the cluster answers")
        .isEqualTo(new HandlerNodes.Route(List.of("n1", "n2"), true));
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n2", "n3"), false));
    assertThat(nodes.version()).isGreaterThan(version);
  }

  @Test
  void anUpdateThatComesWhileTheClusterIsReadAgainIsNewerThanTheAnswer() {
    Cluster cluster = new Cluster();
    following(cluster, "n1");
    cluster.members.addAll(List.of("n2", "n3"));
    cluster.serve("a", "n2");
    nodes.registrationsLost();
    update("a#framewire", "n3");
    update("a", "n3");
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n3"), true));
  }

  @Test
  void whenRegistrationsAreLostTwiceTheLaterReadingCountsWhicheverAnswersFirst() {
    Cluster cluster = new Cluster();
    following(cluster, "n1");
    cluster.members.addAll(List.of("n2", "n3"));
    cluster.serve("a", "n2");
    nodes.registrationsLost();
    cluster.serve("a", "n3");
    nodes.registrationsLost();
    cluster.answer(true);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n3"), true));
  }

  @Test
  void aNodeThatLeftIsChosenAgainOnceTheClusterHasItBackAfterItsRegistrationsWereLost() {
    Cluster cluster = new Cluster();
    following(cluster, "n1", "n2");
    // n1 leaves; its registrations, not yet cleaned up, are read again and do not bring it back
    cluster.members.remove("n1");
    nodes.nodeLeft("n1");
    nodes.registrationsLost();
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n2"), true));
    // the partition heals: n1 is a member again with its registrations, and no join was reported
    cluster.members.add("n1");
    nodes.registrationsLost();
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1", "n2"), true));
  }

  @Test
  void theRouteIsNotKnownUntilBothTheAddressAndItsMarkHaveAnswered() {
    Cluster cluster = new Cluster();
    cluster.members.addAll(List.of("n1", "n2"));
    cluster.registrations.put("a#framewire", registrations("n1"));
    cluster.registrations.put("a", registrations("n1", "n2"));  // n2: a plain consumer
    nodes.connect(cluster);
    nodes.route("a");
    cluster.answer("a#framewire");
    assertThat(nodes.route("a")).as("the mark alone: the plain consumer on n2 not known yet")
        .isEqualTo(new HandlerNodes.Route(List.of(), false));
    cluster.answer("a");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1"), false));
  }

  @Test
  void anUpdateOfTheMarkBeforeTheLookupsAnswerDoesNotMakeTheRouteKnown() {
    Cluster cluster = new Cluster();
    cluster.members.addAll(List.of("n1", "n2"));
    cluster.registrations.put("a#framewire", registrations("n1"));
    cluster.registrations.put("a", registrations("n1", "n2"));
    nodes.connect(cluster);
    nodes.route("a");
    update("a#framewire", "n1");
    assertThat(nodes.route("a")).as("the address's lookup still out")
        .isEqualTo(new HandlerNodes.Route(List.of(), false));
    cluster.answer("a#framewire");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of(), false));
    cluster.answer("a");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1"), false));
    update("a", "n1");  // the plain consumer has gone
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1"), true));
  }

  @Test
  void whenTheClusterIsReadAgainOneAnswerIsNotMixedWithWhatWasKnownBefore() {
    Cluster cluster = new Cluster();
    cluster.members.addAll(List.of("n1", "n2", "n3"));
    cluster.registrations.put("a#framewire", registrations("n1"));
    cluster.registrations.put("a", registrations("n1", "n2"));  // n2: a plain consumer
    nodes.connect(cluster);
    nodes.route("a");
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1"), false));
    // lost without a word: n2 is now a Framewire handler, and a plain consumer on n3 shares "a"
    cluster.registrations.put("a#framewire", registrations("n1", "n2"));
    cluster.registrations.put("a", registrations("n1", "n2", "n3"));
    nodes.registrationsLost();
    cluster.answer("a#framewire");
    assertThat(nodes.route("a")).as("the new mark beside the old address would say batchable")
        .isEqualTo(new HandlerNodes.Route(List.of("n1"), false));
    cluster.answer("a");
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1", "n2"), false));
  }

  @Test
  void aNodeTheClusterNoLongerHasIsGoneWhenRegistrationsAreLostThoughNoDepartureWasReported() {
    Cluster cluster = new Cluster();
    following(cluster, "n1", "n2");
    Context context = vertx.getOrCreateContext();
    List<String> told = new CopyOnWriteArrayList<>();
    nodes.onNodeGone(context, told::add);
    // a partition heals: the merged cluster has no n1, and no member reported it leaving
    cluster.members.remove("n1");
    nodes.registrationsLost();
    assertThat(nodes.route("a")).as("before the cluster answers")
        .isEqualTo(new HandlerNodes.Route(List.of("n2"), true));
    Eventually.await(vertx, () -> told.size() == 1);
    assertThat(told).containsExactly("n1");
    // its departure reported after all, and registrations lost again: told once
    nodes.nodeLeft("n1");
    nodes.registrationsLost();
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n2"), true));
    AtomicBoolean drained = new AtomicBoolean();
    context.runOnContext(v -> drained.set(true));  // after any telling queued before it
    Eventually.await(vertx, drained::get);
    assertThat(told).containsExactly("n1");
  }

  @Test
  void aFailedLookupIsAskedAgainLaterAndItsAnswerLearnt() {
    Cluster cluster = new Cluster();
    cluster.members.add("n1");
    cluster.serve("a", "n1");
    nodes.connect(cluster);
    nodes.route("a");
    assertThat(cluster.unanswered()).isEqualTo(2);
    cluster.fail();
    assertThat(nodes.route("a")).as("nothing learnt from a failure")
        .isEqualTo(new HandlerNodes.Route(List.of(), false));
    // both lookups failed: one retry, of both
    Eventually.await(vertx, () -> cluster.unanswered() == 2, Duration.ofSeconds(5));
    cluster.fail();
    Eventually.await(vertx, () -> cluster.unanswered() == 2, Duration.ofSeconds(5));
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1"), true));
    assertThat(cluster.unanswered()).isZero();
  }

  /**
   * A lookup fails on a listener's event loop, whose verticle is then undeployed: the retry it set
   * there never fires. A later failure of the same address is still asked again.
   */
  @Test
  void aRetryLostWithItsVerticleDoesNotStopTheNextFailuresRetry() {
    Cluster cluster = new Cluster();
    cluster.members.add("n1");
    cluster.serve("a", "n1");
    nodes.connect(cluster);
    nodes.route("a");
    assertThat(cluster.unanswered()).isEqualTo(2);
    String listener = vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        cluster.fail();  // the failures reach the listener's context, where the retry is set
        return Future.succeededFuture();
      }
    }).await();
    vertx.undeploy(listener).await();  // long before the retry's second: it never fires

    nodes.registrationsLost();  // reads the address again, and that fails too (on no verticle's context)
    assertThat(cluster.unanswered()).isEqualTo(2);
    cluster.fail();
    Eventually.await(vertx, () -> cluster.unanswered() == 2, Duration.ofSeconds(5));
    cluster.answer(false);
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of("n1"), true));
  }
}
