package dev.framewire.route;

import dev.framewire.api.FrameHandlerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a frame on the event loop it was read on when a handler instance listens there.
 *
 * <p>Handler instances ({@code FrameHandlerVerticle}) consume their public address and, in
 * addition, a node-local address bound to their event-loop thread, and register here. A listener
 * sending from a loop where such an instance exists sends to that loop-local address: the frame
 * still crosses the event bus to a separately deployed handler, but without waking another thread.
 * Frames from loops with no local instance, and every {@code publish}, go to the public address,
 * where any local, clustered or bridged consumer takes them.
 *
 * <p>One registry per Vert.x instance; thread-safe (handlers register from their own loops).
 */
public final class LoopAffinity implements Shareable {
  private static final String MAP = "framewire.route";
  private static final String KEY = "loop-affinity";

  /** address → event-loop thread name → handler instances consuming there. */
  private final Map<String, Map<String, Integer>> loopsByAddress = new ConcurrentHashMap<>();
  private final AtomicInteger version = new AtomicInteger();

  private LoopAffinity() {}

  /** The registry of this Vert.x instance. */
  public static LoopAffinity of(Vertx vertx) {
    LocalMap<String, LoopAffinity> map = vertx.sharedData().getLocalMap(MAP);
    LoopAffinity existing = map.get(KEY);
    if (existing != null) {
      return existing;
    }
    synchronized (LoopAffinity.class) {
      existing = map.get(KEY);
      if (existing != null) {
        return existing;
      }
      LoopAffinity created = new LoopAffinity();
      FramewireEnvelope.register(vertx.eventBus());
      map.put(KEY, created);
      return created;
    }
  }

  /** The loop-local address of {@code address} for the calling thread's event loop. */
  public static String loopAddress(String address) {
    return address + "#" + Thread.currentThread().getName();
  }

  /** Called by a handler instance from its event loop once its loop-local consumer is registered. */
  public void register(String address) {
    loopsByAddress.computeIfAbsent(address, a -> new ConcurrentHashMap<>())
        .merge(Thread.currentThread().getName(), 1, Integer::sum);
    version.incrementAndGet();
  }

  /** Called by a handler instance from its event loop before it stops. */
  public void unregister(String address) {
    Map<String, Integer> loops = loopsByAddress.get(address);
    if (loops != null) {
      // several instances may share a loop: the loop stays registered until the last one leaves
      loops.computeIfPresent(Thread.currentThread().getName(), (loop, n) -> n == 1 ? null : n - 1);
    }
    version.incrementAndGet();
  }

  /** Changes whenever a registration changes; callers cache {@link #target} until it does. */
  public int version() {
    return version.get();
  }

  /** Where a frame sent from the calling thread to {@code address} should go. */
  public String target(String address) {
    Map<String, Integer> loops = loopsByAddress.get(address);
    return loops != null && loops.containsKey(Thread.currentThread().getName())
        ? loopAddress(address) : address;
  }

  /** Whether any handler instance of this node consumes {@code address}. */
  public boolean hasLocalHandler(String address) {
    Map<String, Integer> loops = loopsByAddress.get(address);
    return loops != null && !loops.isEmpty();
  }

  @Override
  public Shareable copy() {
    return this;
  }
}
