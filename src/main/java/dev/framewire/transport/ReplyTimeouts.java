package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;

/** The timeout sweep both listener types run: one timer per instance, never one per request. */
final class ReplyTimeouts {
  private ReplyTimeouts() {}

  /** Period of the sweep: an eighth of {@code replyTimeout}, within 10..250 ms. */
  static long tickMillis(ListenerConfig config) {
    return Math.max(10, Math.min(250, config.replyTimeout().toMillis() / 8));
  }

  /**
   * Requests stamped at or before this have waited {@code replyTimeout}. Stamps come from a clock
   * the sweep advances, so a stamp may be up to one period older than its request: the deadline
   * allows for that, and a request times out no sooner than {@code replyTimeout} after it was
   * sent, and at most two periods later.
   *
   * @param now the sweep's clock, just advanced
   */
  static long deadline(ListenerConfig config, long now) {
    return now - config.replyTimeout().toMillis() - tickMillis(config);
  }

  /**
   * How long the event bus keeps the reply address of a frame sent as a request: the sweep answers
   * a frame with no reply after {@link #deadline} allows, at most two periods after
   * {@code replyTimeout}; the bus waits one second more, so that its own timeout never answers first.
   */
  static long busTimeoutMillis(ListenerConfig config) {
    return config.replyTimeout().toMillis() + 2 * tickMillis(config) + 1000;
  }
}
