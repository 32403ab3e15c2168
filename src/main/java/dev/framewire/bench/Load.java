package dev.framewire.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One connection's (or UDP socket's) traffic: its window of messages in flight and its pacing.
 * Confined to the event loop of the context it was created on: no field is shared.
 *
 * <p>Closed loop (no rate): the window is kept full; latency is measured from the send. Open loop
 * (a rate): message {@code k} is due at {@code pacedFrom + k * interval}; it is sent at once if the
 * window has room, or as soon as a reply makes room, and its latency is measured from when it was
 * due, so a stalled server shows in the latencies instead of slowing the load down (coordinated
 * omission corrected).
 */
abstract class Load {
  /** Pacing tick for open loop: Vert.x timers have a millisecond resolution. */
  private static final long TICK_MILLIS = 1;

  final int id;
  final Tally tally;
  /** Nanoseconds from send (or due time) to reply; written by this event loop's connections only. */
  private final SingleWriterRecorder latency;
  final Payloads payloads;
  final Vertx vertx;
  /** Reused for every payload: overwritten, then copied by the encoder. */
  final Buffer scratch;
  private final int window;
  private final long interval;
  private final long maxMessages;
  /** Ring of the messages in flight: when each was due (latency) and when it was sent (UDP loss). */
  private final long[] dueAt;
  private final long[] sentAt;
  /** UDP: answered out of order, waiting for the older messages before it to be answered or lost. */
  private final boolean[] answered;
  private int head;
  int inFlight;
  /** Sequence number of the next message to send; the oldest in flight is {@code next - inFlight}. */
  long next;
  private long pacedFrom;
  private long timer = -1;
  boolean closed;
  /** Replies verified since the last {@link #publish()}, and how many of them in the measured period. */
  private long verified;
  private long measured;

  Load(int id, Tally tally, SingleWriterRecorder latency, Payloads payloads, Vertx vertx, int window,
      long intervalNanos, long maxMessages) {
    this.id = id;
    this.tally = tally;
    this.latency = latency;
    this.payloads = payloads;
    this.vertx = vertx;
    this.window = window;
    this.interval = intervalNanos;
    this.maxMessages = maxMessages;
    this.dueAt = new long[window];
    this.sentAt = new long[window];
    this.answered = new boolean[window];
    this.scratch = Buffer.buffer(payloads.size()).setBytes(0, new byte[payloads.size()]);
  }

  /** Starts sending; {@code pacedFrom} is when this connection's first message is due (open loop). */
  final void begin(long pacedFrom) {
    this.pacedFrom = pacedFrom;
    if (interval > 0) {
      timer = vertx.setPeriodic(TICK_MILLIS, t -> refill());
    }
    refill();
  }

  /** Sends what the window and the pacing allow; called after every batch of replies too. */
  final void refill() {
    publish();
    if (closed || tally.phase == Tally.Phase.DRAIN) {
      stopTimer();
      return;
    }
    long now = System.nanoTime();
    long n = Math.min(window - inFlight, maxMessages - next);
    if (interval > 0) {
      n = Math.min(n, (now - pacedFrom) / interval + 1 - next);
    }
    if (n > 0) {
      startBatch((int) n);
      for (int i = 0; i < n; i++) {
        int slot = (head + inFlight) % window;
        dueAt[slot] = interval > 0 ? pacedFrom + next * interval : now;
        sentAt[slot] = now;
        payloads.write(Payloads.tag(id, next), scratch);
        add(scratch);
        inFlight++;
        next++;
      }
      endBatch((int) n);
      tally.sent((int) n);
    }
  }

  /** Sequence number of the {@code k}-th oldest message in flight. */
  final long inFlightSeq(int k) {
    return next - inFlight + k;
  }

  /** The {@code k}-th oldest message in flight was answered correctly (TCP: always the oldest). */
  final void verify(int k, long now) {
    int slot = (head + k) % window;
    Tally.Phase phase = tally.phase;
    if (phase != Tally.Phase.DRAIN) {
      latency.recordValue(Math.max(0, now - dueAt[slot]));
      if (phase == Tally.Phase.MEASURE) {
        measured++;
      }
    }
    verified++;
    answered[slot] = true;
    while (inFlight > 0 && answered[head]) {
      answered[head] = false;
      drop(1);
    }
  }

  /** The {@code k}-th oldest message in flight was answered already, out of order. */
  final boolean isAnswered(int k) {
    return answered[(head + k) % window];
  }

  /** Gives up the oldest messages in flight unanswered for {@code timeout}: returns how many. */
  final int expire(long now, long timeoutNanos) {
    int n = 0;
    while (inFlight > 0 && !answered[head] && now - sentAt[head] > timeoutNanos) {
      drop(1);
      n++;
      while (inFlight > 0 && answered[head]) {
        answered[head] = false;
        drop(1);
      }
    }
    return n;
  }

  /** Adds the replies verified since the last call to the tally: once per read, not per reply. */
  final void publish() {
    if (verified > 0) {
      tally.verified(verified, measured);
      verified = 0;
      measured = 0;
    }
  }

  /** TCP: the oldest message in flight was answered wrongly (the caller counts it). */
  final void dropOldest() {
    drop(1);
  }

  /** Forgets the {@code n} oldest messages in flight (the caller counts them). */
  private void drop(int n) {
    head = (head + n) % window;
    inFlight -= n;
  }

  final void stopTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** A batch of {@code messages} messages begins. */
  abstract void startBatch(int messages);

  /** Frames {@code payload} (read before returning; reused after) into the batch. */
  abstract void add(Buffer payload);

  abstract void endBatch(int messages);
}
