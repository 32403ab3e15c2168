package dev.framewire.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts every connection of one run adds to, from its own event loop (latencies go to the
 * event loop's own recorder, see {@link LoadVerticle}). The phase is set by the thread that runs
 * the bench and read by the connections.
 */
final class Tally {
  enum Phase {
    /** Traffic flows and is checked; latencies feed the progress line only. */
    WARMUP,
    /** Traffic flows and counts for the summary. */
    MEASURE,
    /** Nothing more is sent; replies still outstanding are awaited, checked, not counted. */
    DRAIN
  }

  volatile Phase phase = Phase.WARMUP;
  final LongAdder sent = new LongAdder();
  final LongAdder verified = new LongAdder();
  final LongAdder measured = new LongAdder();
  final LongAdder errors = new LongAdder();
  /** UDP: datagrams sent whose reply never came within the reply timeout. */
  final LongAdder lost = new LongAdder();
  /** Sent and neither answered nor given up as lost yet. */
  final LongAdder outstanding = new LongAdder();

  void sent(int n) {
    sent.add(n);
    outstanding.add(n);
  }

  /** {@code n} replies equal to what was sent, {@code inMeasure} of them in the measured period. */
  void verified(long n, long inMeasure) {
    outstanding.add(-n);
    verified.add(n);
    measured.add(inMeasure);
  }

  /** A reply that is not the next one expected: wrong bytes, wrong order, or one too many. */
  void wrongReply() {
    errors.increment();
  }

  /** A message given up: its reply did not come (UDP) or was wrong (TCP, the one replaced by it). */
  void answeredWrongly() {
    outstanding.decrement();
    errors.increment();
  }

  void lost(int n) {
    outstanding.add(-n);
    lost.add(n);
  }

  void error() {
    errors.increment();
  }
}
