package dev.framewire.route;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Puts the replies of one connection back in the order its frames arrived.
 *
 * <p>Each frame awaiting a reply takes the next sequence number ({@link #next(long)}); replies
 * complete their slot in any order ({@link #complete}); {@link #drain} hands out the completed
 * prefix, oldest first, and stops at the first slot still pending:
 * <pre>
 *   next()  → 0 1 2 3          complete(2, c)  complete(0, a)
 *   slots:  [a][ ][c][ ]       drain → a        (1 still pending: c waits)
 *   complete(1, b)             drain → b, c     (3 pending)
 * </pre>
 * A ring of slots that grows when a read burst brings more frames than it holds. It holds no slots
 * until the first {@link #next}: a connection that never sends a frame pays for none; and
 * {@link #release} drops them again once none is pending (a connection gone quiet), while the
 * sequence numbers go on from where they were. Not thread-safe: confined to the connection's event
 * loop.
 *
 * @param <T> what a completed slot holds (encoded bytes, a failure, ...); never null
 */
public final class ReplyOrder<T> {
  private static final Object[] NO_VALUES = {};
  private static final long[] NO_STAMPS = {};

  private final int initialCapacity;
  private Object[] values = NO_VALUES;
  private long[] stamps = NO_STAMPS;
  private long head;  // oldest pending sequence number
  private long tail;  // next sequence number to hand out

  public ReplyOrder() {
    this(16);
  }

  /** @param initialCapacity slots made by the first {@link #next} (rounded up to a power of two) */
  public ReplyOrder(int initialCapacity) {
    this.initialCapacity = Integer.highestOneBit(Math.max(2, initialCapacity - 1)) << 1;
  }

  /** Reserves the next slot; {@code stamp} (e.g. a clock tick) is kept for {@link #stamp(long)}. */
  public long next(long stamp) {
    if (tail - head == values.length) {
      grow();
    }
    int i = (int) (tail & (values.length - 1));
    values[i] = null;
    stamps[i] = stamp;
    return tail++;
  }

  /**
   * Completes slot {@code seq}. Returns false (and changes nothing) when {@code seq} is not pending:
   * already completed, already drained, or never handed out (a late or forged reply).
   */
  public boolean complete(long seq, T value) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    if (seq < head || seq >= tail) {
      return false;
    }
    int i = (int) (seq & (values.length - 1));
    if (values[i] != null) {
      return false;
    }
    values[i] = value;
    return true;
  }

  /** Hands the completed prefix to {@code sink}, oldest first; returns how many. */
  @SuppressWarnings("unchecked")
  public int drain(Consumer<? super T> sink) {
    int n = 0;
    int mask = values.length - 1;
    while (head < tail) {
      int i = (int) (head & mask);
      Object v = values[i];
      if (v == null) {
        break;
      }
      values[i] = null;
      head++;
      n++;
      sink.accept((T) v);
    }
    return n;
  }

  /** Slots handed out and not yet drained. */
  public int pending() {
    return (int) (tail - head);
  }

  /** Slots completed but not yet drained (they wait behind an earlier slot still pending). */
  public int completed() {
    int n = 0;
    for (long s = head; s < tail; s++) {
      if (values[(int) (s & (values.length - 1))] != null) {
        n++;
      }
    }
    return n;
  }

  /** Whether slot {@code seq} is handed out and still waits for its value. */
  public boolean isWaiting(long seq) {
    return seq >= head && seq < tail && values[(int) (seq & (values.length - 1))] == null;
  }

  /** The oldest sequence number not yet drained (equals {@link #nextSequence()} when none). */
  public long head() {
    return head;
  }

  public long nextSequence() {
    return tail;
  }

  /** The stamp of slot {@code seq} (must be pending). */
  public long stamp(long seq) {
    return stamps[(int) (seq & (values.length - 1))];
  }

  /** The slots' capacity now (0 until the first {@link #next}). */
  public int capacity() {
    return values.length;
  }

  /**
   * Drops the slots, which no slot may be pending in ({@link #pending()} 0): the ring holds nothing
   * then, as before the first {@link #next}, and the next {@code next} makes it again (at its
   * initial capacity, whatever it had grown to). Sequence numbers are kept: the next one handed out
   * is still {@link #nextSequence()}, and a late reply to an earlier one is still refused.
   *
   * @throws IllegalStateException if a slot is pending
   */
  public void release() {
    if (head != tail) {
      throw new IllegalStateException("release with " + pending() + " slots pending");
    }
    values = NO_VALUES;
    stamps = NO_STAMPS;
  }

  private void grow() {
    int capacity = values.length;
    int grown = capacity == 0 ? initialCapacity : capacity << 1;
    Object[] nv = new Object[grown];
    long[] ns = new long[grown];
    for (long s = head; s < tail; s++) {
      int from = (int) (s & (capacity - 1));
      int to = (int) (s & (nv.length - 1));
      nv[to] = values[from];
      ns[to] = stamps[from];
    }
    values = nv;
    stamps = ns;
  }

  @Override
  public String toString() {
    return "ReplyOrder[head=" + head + ", tail=" + tail + ", capacity=" + values.length + "]"
        + (values.length <= 16 ? Arrays.toString(values) : "");
  }
}
