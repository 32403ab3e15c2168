package dev.framewire.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hazelcast's cluster manager, counting the event-bus registrations this node adds to and removes
 * from the cluster. Each one is a write to the cluster's subscription map, seen by every member:
 * the counts show that connection churn costs the cluster nothing (a listener instance registers
 * one address for all its connections).
 */
public class CountingClusterManager extends HazelcastClusterManager {
  private final LongAdder added = new LongAdder();
  private final LongAdder removed = new LongAdder();

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

  /** Registrations this node has added to the cluster since it started. */
  public long registrationsAdded() {
    return added.sum();
  }

  /** Registrations this node has removed from the cluster since it started. */
  public long registrationsRemoved() {
    return removed.sum();
  }
}
