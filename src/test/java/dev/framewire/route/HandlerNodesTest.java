package dev.framewire.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.ArrayList;
import java.util.List;
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

  /** The registrations of {@code address} as the cluster manager reports them: one per node id given. */
  private void update(String address, String... nodeIds) {
    List<RegistrationInfo> list = new ArrayList<>();
    for (String nodeId : nodeIds) {
      list.add(new RegistrationInfo(nodeId, list.size(), false));
    }
    nodes.registrationsUpdated(new RegistrationUpdateEvent(address, list));
  }

  @Test
  void nodesWhereEveryConsumerIsAFramewireHandlerTakeBatches() {
    assertThat(nodes.route("a")).isEqualTo(new HandlerNodes.Route(List.of(), false));
    assertThat(nodes.wantsUpdatesFor("a")).isTrue();
    assertThat(nodes.wantsUpdatesFor("a#framewire")).isTrue();
    assertThat(nodes.wantsUpdatesFor("b")).isFalse();
    int version = nodes.version();
    update("a#framewire", "n2", "n1", "n1");
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
}
