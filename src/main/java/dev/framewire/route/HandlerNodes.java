package dev.framewire.route;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusteredNode;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Which cluster nodes serve an address with Framewire handlers, learnt from the cluster manager's
 * registrations and kept current as they change and as nodes leave: never a lookup per frame.
 *
 * <p>Every {@code FrameHandlerVerticle} instance consumes, besides its public address {@code A},
 * {@link FramewireEnvelope#markAddress} {@code A#framewire} and, on a cluster, its node's own
 * {@link FramewireEnvelope#nodeAddress} {@code A#frames@<node>}. A node where every consumer of
 * {@code A} also consumes {@code A#framewire} serves {@code A} with Framewire handlers only: a listener
 * may send it the frames of one read as one message to its node address, and knows which node it
 * sent them to ({@link FrameSender}). A consumer of {@code A} that is no Framewire handler (a plain
 * Vert.x consumer, a bridge peer) anywhere in the cluster makes the {@link Route} of {@code A} not
 * batchable: every frame then takes the public address, so that it gets its share.
 *
 * <p>Fed by the cluster manager ({@link #registrationsUpdated}, {@link #registrationsLost},
 * {@link #nodeLeft}) from its own threads, and by the answers to its lookups; read by listeners on
 * their event loops (a volatile read of {@link #version}, then the cached {@link Route}). One per
 * Vert.x instance; without a cluster ({@link #connect} never called) every address has no route
 * and listeners use the public address as before.
 */
public final class HandlerNodes implements Shareable, RegistrationListener {
  private static final String MAP = "framewire.route";
  private static final String KEY = "handler-nodes";

  /** The nodes serving an address with Framewire handlers only, and whether that is every consumer. */
  public record Route(List<String> nodes, boolean batchable) {
    static final Route NONE = new Route(List.of(), false);
  }

  /** The first wait before a failed lookup is asked again; each failure in a row doubles it, up to {@link #RETRY_MAX_MS}. */
  static final long RETRY_FIRST_MS = 1_000;
  static final long RETRY_MAX_MS = 30_000;

  private final Vertx vertx;
  private volatile ClusteredNode cluster;
  /** The watched addresses' registrations: public addresses and their marks. */
  private final Map<String, Known> registrations = new ConcurrentHashMap<>();
  /** Orders what is learnt: each update, and each lookup when it is asked. */
  private final AtomicLong learnt = new AtomicLong();
  /** Public addresses listeners send to. */
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  private final Set<String> gone = ConcurrentHashMap.newKeySet();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final AtomicInteger version = new AtomicInteger();
  private final List<GoneListener> goneListeners = new CopyOnWriteArrayList<>();

  private record GoneListener(Context context, Consumer<String> action) {
  }

  /** An address's registrations, and when they were learnt (see {@link #learnt}). */
  private record Known(List<RegistrationInfo> registrations, long when) {
  }

  private HandlerNodes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The registry of this Vert.x instance. */
  public static HandlerNodes of(Vertx vertx) {
    LocalMap<String, HandlerNodes> map = vertx.sharedData().getLocalMap(MAP);
    HandlerNodes created = new HandlerNodes(vertx);
    HandlerNodes existing = map.putIfAbsent(KEY, created);
    return existing != null ? existing : created;
  }

  /**
   * Learns the registrations of {@code node}'s cluster: call once the node has joined, and have
   * its cluster manager tell this registry of registration updates and departed nodes.
   */
  public void connect(ClusteredNode node) {
    if (cluster == node) {
      return;
    }
    cluster = node;
    watched.forEach(address -> fetch(node, address));
  }

  /** This node's id in the cluster, or null when not clustered. */
  public String localNodeId() {
    ClusteredNode node = cluster;
    return node == null ? null : node.getNodeId();
  }

  /** Changes whenever a route may have changed; callers cache {@link #route} until it does. */
  public int version() {
    return version.get();
  }

  /**
   * How frames to {@code address} may travel; starts watching it on the first call. No nodes, not
   * batchable, until both the address's registrations and its mark's are known.
   */
  public Route route(String address) {
    Route route = routes.get(address);
    if (route != null) {
      return route;
    }
    if (watched.add(address)) {
      routes.put(address, Route.NONE);
      ClusteredNode node = cluster;
      if (node != null) {
        fetch(node, address);
      }
    }
    return routes.getOrDefault(address, Route.NONE);
  }

  /**
   * Runs {@code action} with the id of every node that leaves the cluster, on {@code context}.
   *
   * @return what stops it
   */
  public Runnable onNodeGone(Context context, Consumer<String> action) {
    GoneListener listener = new GoneListener(context, action);
    goneListeners.add(listener);
    return () -> goneListeners.remove(listener);
  }

  /** Called by the cluster manager when {@code nodeId} has left (or was found dead). */
  public void nodeLeft(String nodeId) {
    if (nodeId == null || !gone.add(nodeId)) {
      return;
    }
    watched.forEach(this::derive);
    for (GoneListener listener : goneListeners) {
      listener.context().runOnContext(v -> listener.action().accept(nodeId));
    }
  }

  /**
   * Called by the cluster manager when {@code nodeId} joins: a node that left and comes back with
   * the same id (a healed network partition) is chosen again.
   */
  public void nodeJoined(String nodeId) {
    if (nodeId != null && gone.remove(nodeId)) {
      watched.forEach(this::derive);
    }
  }

  @Override
  public boolean wantsUpdatesFor(String address) {
    return registrations.containsKey(address) || watched.contains(address)
        || address.endsWith(FramewireEnvelope.MARK_SUFFIX)
            && watched.contains(address.substring(0, address.length() - FramewireEnvelope.MARK_SUFFIX.length()));
  }

  @Override
  public void registrationsUpdated(RegistrationUpdateEvent event) {
    learn(Map.of(event.address(), event.registrations()), learnt.incrementAndGet());
  }

  /**
   * Called by the cluster manager when registrations were lost (a member left, a network partition
   * healed): what this registry knows may be stale, and no update will say so. It reads every
   * watched address again, keeping what it knew until the answers come; takes back the departure
   * of any node that is a member again (it may have come back with no join reported); and counts
   * as gone, at once, any node it knows registrations of that is a member no more (the merge after
   * a partition drops members with no departure reported), so that frames out on it are answered.
   */
  @Override
  public void registrationsLost() {
    ClusteredNode node = cluster;
    if (node == null) {
      return;
    }
    Set<String> members = new HashSet<>(node.getNodes());
    if (gone.removeAll(members)) {
      watched.forEach(this::derive);
    }
    for (String nodeId : knownNodes()) {
      if (!members.contains(nodeId)) {
        nodeLeft(nodeId);
      }
    }
    watched.forEach(address -> fetch(node, address));
  }

  /** The nodes of every registration known. */
  private Set<String> knownNodes() {
    Set<String> nodes = new TreeSet<>();
    for (Known known : registrations.values()) {
      for (RegistrationInfo info : known.registrations()) {
        nodes.add(info.nodeId());
      }
    }
    return nodes;
  }

  /**
   * Looks up {@code address} and its mark, and learns the two answers together once both have come:
   * one alone, beside nothing or beside what was known before, could make an address that also has
   * a plain consumer look batchable. An answer counts unless an update came after it was asked. A
   * failed lookup teaches nothing: the address keeps what was known (or no route, so its frames take
   * the public address) and is asked again later.
   */
  private void fetch(ClusteredNode node, String address) {
    fetch(node, address, RETRY_FIRST_MS);
  }

  private void fetch(ClusteredNode node, String address, long retryAfterMs) {
    long asked = learnt.incrementAndGet();
    Map<String, List<RegistrationInfo>> answers = new HashMap<>(2);
    AtomicBoolean failed = new AtomicBoolean();
    for (String name : List.of(address, FramewireEnvelope.markAddress(address))) {
      node.getRegistrations(name, (list, failure) -> {
        if (failure != null) {
          if (failed.compareAndSet(false, true)) {
            retryLater(node, address, retryAfterMs);  // once, however many of the two lookups failed
          }
          return;
        }
        synchronized (answers) {
          answers.put(name, list == null ? List.of() : list);
          if (answers.size() < 2) {
            return;
          }
        }
        learn(answers, asked);
      });
    }
  }

  /**
   * Asks for {@code address} again after {@code delayMs}, while it is watched on the same cluster
   * node; each failure in a row waits twice as long, up to {@link #RETRY_MAX_MS}. Nothing is kept
   * between the failure and the retry but the timer: a timer that never fires (its context's
   * verticle undeployed, Vert.x closing) leaves nothing behind that would stop the next failure's.
   */
  private void retryLater(ClusteredNode node, String address, long delayMs) {
    try {
      vertx.setTimer(delayMs, id -> {
        if (cluster == node && watched.contains(address)) {
          fetch(node, address, Math.min(delayMs * 2, RETRY_MAX_MS));
        }
      });
    } catch (RejectedExecutionException closing) {
      // Vert.x is closing: nothing left to route
    }
  }

  /**
   * Keeps each of {@code lists}, by address (one public address, its mark, or both), unless what is
   * known of it was learnt later; then derives the route from both, at once.
   */
  private synchronized void learn(Map<String, List<RegistrationInfo>> lists, long when) {
    boolean changed = false;
    String address = null;
    for (Map.Entry<String, List<RegistrationInfo>> e : lists.entrySet()) {
      Known known = new Known(List.copyOf(e.getValue()), when);
      changed |= registrations.merge(e.getKey(), known, (old, now) -> old.when() > now.when() ? old : now) == known;
      address = publicAddress(e.getKey());
    }
    if (changed) {
      derive(address);
    }
  }

  private static String publicAddress(String address) {
    return address.endsWith(FramewireEnvelope.MARK_SUFFIX)
        ? address.substring(0, address.length() - FramewireEnvelope.MARK_SUFFIX.length()) : address;
  }

  private synchronized void derive(String address) {
    if (!watched.contains(address)) {
      return;
    }
    Known all = registrations.get(address);
    Known marked = registrations.get(FramewireEnvelope.markAddress(address));
    if (all == null || marked == null) {
      // not known until both are: the mark alone would hide the address's plain consumers
      return;
    }
    Map<String, Integer> consumers = count(all);
    Map<String, Integer> framewire = count(marked);
    TreeSet<String> nodes = new TreeSet<>(framewire.keySet());
    boolean plain = false;
    for (Map.Entry<String, Integer> e : consumers.entrySet()) {
      plain |= e.getValue() > framewire.getOrDefault(e.getKey(), 0);
    }
    Route route = new Route(List.copyOf(nodes), !nodes.isEmpty() && !plain);
    if (!route.equals(routes.put(address, route))) {
      version.incrementAndGet();
    }
  }

  /** Registrations per live node. */
  private Map<String, Integer> count(Known known) {
    Map<String, Integer> counts = new HashMap<>();
    for (RegistrationInfo info : known.registrations()) {
      if (!gone.contains(info.nodeId())) {
        counts.merge(info.nodeId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Override
  public Shareable copy() {
    return this;
  }
}
