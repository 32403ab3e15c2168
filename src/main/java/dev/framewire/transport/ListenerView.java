package dev.framewire.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A live look into one listener, shared by its instances, for whoever watches it (the dashboard):
 * its open connections, closing one of them, and the tail of the frames it received lately.
 *
 * <p>Each instance keeps its connections and its tail confined to its own event loop; this view
 * asks every instance on its own loop and hands the merged answer back on the caller's context
 * (or on an instance's loop when the caller is not on a Vert.x thread). Nothing here reads
 * another thread's state.
 *
 * <p>The tail costs nothing unless the configuration enables it, and little when it does: frames
 * are copied (at most {@link #TAIL_BODY_BYTES} bytes each, {@link #TAIL_FRAMES} per instance) only
 * while someone watches, that is for {@link #TAIL_WATCH_MILLIS} after the last {@link #tail} call.
 */
public final class ListenerView {
  /** Frames the tail keeps per instance. */
  public static final int TAIL_FRAMES = 50;
  /** Bytes of a frame's body the tail keeps; the rest is cut. */
  public static final int TAIL_BODY_BYTES = 256;
  /** The tail captures for this long after the last look at it. */
  public static final long TAIL_WATCH_MILLIS = 5_000;

  /** One open connection, as it was when asked. */
  public record ConnectionInfo(String id, String listener, String remote, long openedAt, long framesIn,
      long framesOut, long bytesIn, long bytesOut) {}

  /**
   * One received frame: its body's first {@link #TAIL_BODY_BYTES} bytes.
   *
   * @param length the whole frame's length; more than {@code body.length} when cut
   */
  public record TailFrame(long time, String connection, String remote, int length, byte[] body) {}

  /** What a listener instance answers, always on its own event loop. */
  interface Instance {
    Context context();

    /** Adds its {@code limit} oldest open connections (in no order) and tells how many are open. */
    int connections(List<ConnectionInfo> into, int limit);

    /** Closes connection {@code id} if it is one of this instance's. */
    boolean close(String id);

    void tail(List<TailFrame> into);
  }

  private final String listener;
  private final boolean tailEnabled;
  private final List<Instance> instances = new CopyOnWriteArrayList<>();
  /** Until when (epoch ms) the instances capture frames for the tail; 0: nobody watches. */
  private volatile long tailUntil;

  /**
   * @param tailEnabled whether {@link #tail} may be used at all (the {@code http.tail} setting)
   */
  public ListenerView(String listener, boolean tailEnabled) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.tailEnabled = tailEnabled;
  }

  public String listener() {
    return listener;
  }

  public boolean tailEnabled() {
    return tailEnabled;
  }

  void add(Instance instance) {
    instances.add(instance);
  }

  void remove(Instance instance) {
    instances.remove(instance);
  }

  /** Whether frames received at {@code now} (epoch ms) go to the tail. */
  boolean capturing(long now) {
    return tailEnabled && now < tailUntil;
  }

  /** The oldest of a listener's open connections, oldest first, and how many are open in all. */
  public record Connections(List<ConnectionInfo> oldest, int open) {}

  /** Oldest first, then by id: the order {@link #connections} lists them in. */
  public static final Comparator<ConnectionInfo> OLDEST_FIRST =
      Comparator.comparingLong(ConnectionInfo::openedAt).thenComparing(ConnectionInfo::id);

  /**
   * The listener's {@code limit} oldest open connections, oldest first, and the number open. Each
   * instance picks its own oldest on its event loop, so a look costs {@code limit} descriptions
   * per instance, however many connections are open.
   */
  public Future<Connections> connections(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (was " + limit + ")");
    }
    return gather(instance -> {
      List<ConnectionInfo> list = new ArrayList<>(Math.min(limit, 64));
      int count = instance.connections(list, limit);
      return new Connections(list, count);
    }).map(lists -> {
      List<ConnectionInfo> all = new ArrayList<>();
      int open = 0;
      for (Connections some : lists) {
        all.addAll(some.oldest());
        open += some.open();
      }
      all.sort(OLDEST_FIRST);
      return new Connections(List.copyOf(all.subList(0, Math.min(limit, all.size()))), open);
    });
  }

  /** Closes connection {@code id} on its own event loop; true when it was open here. */
  public Future<Boolean> close(String id) {
    Objects.requireNonNull(id, "id");
    return gather(instance -> instance.close(id)).map(results -> results.contains(Boolean.TRUE));
  }

  /**
   * The last frames received (at most {@link #TAIL_FRAMES}, oldest first), and capture for the
   * next {@link #TAIL_WATCH_MILLIS}: the first look finds nothing, later ones what came since.
   *
   * @throws IllegalStateException when the configuration does not enable the tail
   */
  public Future<List<TailFrame>> tail() {
    if (!tailEnabled) {
      throw new IllegalStateException("the tail of listener " + listener + " is not enabled");
    }
    tailUntil = System.currentTimeMillis() + TAIL_WATCH_MILLIS;
    return gather(instance -> {
      List<TailFrame> list = new ArrayList<>();
      instance.tail(list);
      return list;
    }).map(lists -> {
      List<TailFrame> all = new ArrayList<>();
      lists.forEach(all::addAll);
      all.sort(Comparator.comparingLong(TailFrame::time));
      return all.size() <= TAIL_FRAMES ? all : new ArrayList<>(all.subList(all.size() - TAIL_FRAMES, all.size()));
    });
  }

  /** Asks every instance on its own event loop; completes on the caller's context. */
  private <T> Future<List<T>> gather(Function<Instance, T> question) {
    Context caller = Vertx.currentContext();
    List<Future<T>> answers = new ArrayList<>();
    for (Instance instance : instances) {
      Promise<T> answer = Promise.promise();
      instance.context().runOnContext(v -> {
        T result;
        try {
          result = question.apply(instance);
        } catch (RuntimeException e) {
          complete(caller, () -> answer.fail(e));
          return;
        }
        complete(caller, () -> answer.complete(result));
      });
      answers.add(answer.future());
    }
    return Future.all(answers).map(all -> {
      List<T> list = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        list.add(all.resultAt(i));
      }
      return list;
    });
  }

  private static void complete(Context caller, Runnable completion) {
    if (caller == null) {
      completion.run();
    } else {
      caller.runOnContext(v -> completion.run());
    }
  }
}
