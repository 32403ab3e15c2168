package dev.framewire.monitor;

import io.vertx.core.json.JsonObject;

/**
 * Whether this process is alive and ready for traffic, as {@code /health} and {@code /ready} say.
 * Ready: every listener bound, the bridge bound when there is one, the cluster joined when
 * clustered, and no graceful stop begun. Set by the composition root from any thread.
 */
public final class Health {
  private final int listeners;
  private final boolean bridgeConfigured;
  private final boolean clustered;
  private volatile int listenersBound;
  private volatile boolean bridgeBound;
  private volatile boolean clusterJoined;
  private volatile boolean stopping;

  /**
   * @param listeners how many listeners the configuration has
   * @param bridgeConfigured whether it has a bridge
   * @param clustered whether the node is clustered
   */
  public Health(int listeners, boolean bridgeConfigured, boolean clustered) {
    this.listeners = listeners;
    this.bridgeConfigured = bridgeConfigured;
    this.clustered = clustered;
  }

  public void listenerBound() {
    listenersBound++;  // written by the one thread that deploys, in order
  }

  public void bridgeBound() {
    bridgeBound = true;
  }

  public void clusterJoined() {
    clusterJoined = true;
  }

  /** A graceful stop began: not ready from now on, so that load balancers drain this process. */
  public void stopping() {
    stopping = true;
  }

  public boolean isStopping() {
    return stopping;
  }

  public boolean ready() {
    return !stopping && listenersBound == listeners && (!bridgeConfigured || bridgeBound)
        && (!clustered || clusterJoined);
  }

  /** {@code /ready}'s body: the status and each check. */
  JsonObject readiness() {
    JsonObject checks = new JsonObject()
        .put("listeners", new JsonObject().put("bound", listenersBound).put("configured", listeners))
        .put("bridge", bridgeConfigured ? (bridgeBound ? "bound" : "not bound") : "none")
        .put("cluster", clustered ? (clusterJoined ? "joined" : "not joined") : "not clustered")
        .put("stopping", stopping);
    return new JsonObject().put("status", ready() ? "UP" : "DOWN").put("checks", checks);
  }

  /** {@code /health}'s body: alive while the process answers; "stopping" during a graceful stop. */
  JsonObject liveness() {
    return new JsonObject().put("status", "UP").put("stopping", stopping);
  }
}
