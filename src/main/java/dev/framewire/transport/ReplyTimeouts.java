package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;

/** The timeout sweep both listener types run: one timer per instance, never one per request. */
final class ReplyTimeouts {
  private ReplyTimeouts() {}

  /**
   * Period of the sweep: an eighth of {@code replyTimeout}, within 10..250 ms, so a request times
   * out at most one period late.
   */
  static long tickMillis(ListenerConfig config) {
    return Math.max(10, Math.min(250, config.replyTimeout().toMillis() / 8));
  }
}
