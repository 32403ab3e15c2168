package dev.framewire.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.Objects;
import java.util.function.Consumer;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's cluster manager, counting the event-bus registrations this node adds to and removes
 * from the cluster. Each one is a write to the cluster's subscription map, seen by every member:
 * the counts show that connection churn costs the cluster nothing (a listener instance registers
 * one address for all its connections).
 *
 * <p>It also tells one more observer ({@link #observe}) what it tells Vert.x's node selector:
 * registration updates for the addresses the observer wants; that registrations were lost (when a
 * member leaves, and after a network partition heals: what it knows may then be stale, with no
 * update to say so); and, before anything else when a member leaves (before the member's
 * registrations are cleaned up), that node's id. This is how
 * listeners learn which nodes serve their address without a lookup per frame, and learn at once
 * that a node holding their frames is gone.
 *
 * <p>A member that the merge after a partition drops may be named by no {@code memberRemoved}, and
 * not by Vert.x's node listener either (the Hazelcast cluster manager keeps the node ids it
 * compares after a merge only while a node listener is set, which Vert.x does only with HA): the
 * observer hears only that registrations were lost, and then finds such departures itself, by
 * comparing the nodes it knows with the cluster's members ({@code route.HandlerNodes}).
 */
public class CountingClusterManager extends HazelcastClusterManager {
  /** Where Vert.x's Hazelcast cluster manager keeps a member's node id (its member attribute). */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final Logger log = LoggerFactory.getLogger(CountingClusterManager.class);

  private final LongAdder added = new LongAdder();
  private final LongAdder removed = new LongAdder();
  private volatile RegistrationListener observer;
  private volatile Consumer<String> departures;
  private volatile Consumer<String> arrivals;

  public CountingClusterManager(Config config) {
    super(config);
  }

  @Override
  public void addRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
    added.increment();
    super.addRegistration(address, registrationInfo, promise);
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
    removed.increment();
    super.removeRegistration(address, registrationInfo, promise);
  }

  /**
   * Also tells {@code registrations} of registration updates for the addresses it wants and of
   * lost registrations, {@code nodeJoined} of every node that joins, and {@code nodeLeft} of every
   * node that leaves; replaces any earlier observer.
   */
  public void observe(RegistrationListener registrations, Consumer<String> nodeJoined, Consumer<String> nodeLeft) {
    this.observer = Objects.requireNonNull(registrations, "registrations");
    this.arrivals = Objects.requireNonNull(nodeJoined, "nodeJoined");
    this.departures = Objects.requireNonNull(nodeLeft, "nodeLeft");
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    Consumer<String> nodeJoined = arrivals;
    if (nodeJoined != null && isActive()) {
      nodeJoined.accept(event.getMember().getAttribute(NODE_ID_ATTRIBUTE));
    }
    super.memberAdded(event);
  }

  @Override
  public void registrationListener(RegistrationListener selector) {
    super.registrationListener(relay(selector));
  }

  /** What the cluster manager tells instead of Vert.x's {@code selector}: it, and the observer. */
  RegistrationListener relay(RegistrationListener selector) {
    return new RegistrationListener() {
      @Override
      public void registrationsUpdated(RegistrationUpdateEvent event) {
        if (selector.wantsUpdatesFor(event.address())) {
          selector.registrationsUpdated(event);
        }
        RegistrationListener extra = observer;
        if (extra != null && extra.wantsUpdatesFor(event.address())) {
          extra.registrationsUpdated(event);
        }
      }

      @Override
      public void registrationsLost() {
        selector.registrationsLost();
        RegistrationListener extra = observer;
        if (extra != null) {
          try {
            extra.registrationsLost();
          } catch (RuntimeException e) {
            // the cluster manager republishes this node's registrations next: let nothing stop it
            log.warn("Registrations lost: the registration observer failed", e);
          }
        }
      }

      @Override
      public boolean wantsUpdatesFor(String address) {
        RegistrationListener extra = observer;
        return selector.wantsUpdatesFor(address) || extra != null && extra.wantsUpdatesFor(address);
      }
    };
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    Consumer<String> nodeLeft = departures;
    if (nodeLeft != null && isActive()) {
      // first: the clean-up below writes to the cluster's maps, which takes a while
      nodeLeft.accept(event.getMember().getAttribute(NODE_ID_ATTRIBUTE));
    }
    super.memberRemoved(event);
  }

  /** Registrations this node has added to the cluster since it started. */
  public long registrationsAdded() {
    return added.sum();
  }

  /** Registrations this node has removed from the cluster since it started. */
  public long registrationsRemoved() {
    return removed.sum();
  }
}
