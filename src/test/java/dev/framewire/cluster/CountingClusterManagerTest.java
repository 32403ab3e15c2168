package dev.framewire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the cluster manager tells Vert.x's node selector, it tells the observer too (no cluster joined). */
class CountingClusterManagerTest {
  /** Records what it is told; wants updates for {@code wanted} only. */
  private static final class Recorder implements RegistrationListener {
    final String wanted;
    final List<String> told = new CopyOnWriteArrayList<>();

    Recorder(String wanted) {
      this.wanted = wanted;
    }

    @Override
    public void registrationsUpdated(RegistrationUpdateEvent event) {
      told.add("updated " + event.address() + " " + event.registrations().size());
    }

    @Override
    public void registrationsLost() {
      told.add("lost");
    }

    @Override
    public boolean wantsUpdatesFor(String address) {
      return address.equals(wanted);
    }
  }

  private final CountingClusterManager manager = new CountingClusterManager(new Config());
  private final Recorder selector = new Recorder("s");
  private final Recorder observer = new Recorder("o");

  @Test
  void eachHearsTheUpdatesForTheAddressesItWants() {
    manager.observe(observer, id -> { }, id -> { });
    RegistrationListener relay = manager.relay(selector);
    assertThat(relay.wantsUpdatesFor("s")).isTrue();
    assertThat(relay.wantsUpdatesFor("o")).isTrue();
    assertThat(relay.wantsUpdatesFor("x")).isFalse();
    relay.registrationsUpdated(new RegistrationUpdateEvent("s", List.of(new RegistrationInfo("n1", 0, false))));
    relay.registrationsUpdated(new RegistrationUpdateEvent("o", List.of()));
    assertThat(selector.told).containsExactly("updated s 1");
    assertThat(observer.told).containsExactly("updated o 0");
  }

  @Test
  void lostRegistrationsAreToldToTheSelectorAndToTheObserver() {
    RegistrationListener relay = manager.relay(selector);
    relay.registrationsLost();  // no observer yet
    manager.observe(observer, id -> { }, id -> { });
    relay.registrationsLost();
    assertThat(selector.told).containsExactly("lost", "lost");
    assertThat(observer.told).containsExactly("lost");
  }

  @Test
  void anObserverThatFailsOnLostRegistrationsDoesNotStopTheClusterManager() {
    RegistrationListener relay = manager.relay(selector);
    manager.observe(new RegistrationListener() {
      @Override
      public void registrationsLost() {
        throw new IllegalStateException("cluster shutting down");
      }
    }, id -> { }, id -> { });
    relay.registrationsLost();  // the cluster manager republishes this node's registrations next
    assertThat(selector.told).containsExactly("lost");
  }
}
