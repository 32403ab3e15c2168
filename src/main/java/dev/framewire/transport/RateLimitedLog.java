package dev.framewire.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Warnings about rejected or lost input, at most one per interval for each kind of warning (its
 * format string), so that a client sending nothing but bad input, or a flood of bad clients, cannot
 * flood the log. Those held back go to DEBUG, and the next warning of their kind says how many:
 *
 * <pre>
 * WARN  listener echo: connection 1a2b.echo.0.7 (127.0.0.1:50312): frame longer than 1024 bytes; closing
 *       the connection (41 more like this since the last warning, logged at DEBUG)
 * </pre>
 *
 * In JSON lines that count is also the field {@code suppressed}, beside {@code listener} and
 * {@code remote}. Every such event is counted in the listener's counters as well, logged or not.
 *
 * <p>Confined to one event loop (a listener instance's, or the bridge's).
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalMillis;
  private final String listener;
  private final LongSupplier clock;
  private final Map<String, Kind> kinds = new HashMap<>();

  /** One kind of warning: when it was last logged at WARN, and how many have been held back since. */
  private static final class Kind {
    long last;
    long suppressed;
  }

  /**
   * @param listener the listener (or {@code "bridge"}) every warning is about: the {@code listener}
   *     field; null for none
   */
  public RateLimitedLog(Logger log, long intervalMillis, String listener) {
    this(log, intervalMillis, listener, System::currentTimeMillis);
  }

  /** @param clock milliseconds (tests step it by hand) */
  RateLimitedLog(Logger log, long intervalMillis, String listener, LongSupplier clock) {
    this.log = log;
    this.intervalMillis = intervalMillis;
    this.listener = listener;
    this.clock = clock;
  }

  /** Logs {@code format} (SLF4J placeholders) at WARN, or at DEBUG when one like it was logged recently. */
  public void warn(String format, Object... args) {
    warnFrom(null, format, args);
  }

  /** As {@link #warn}, about the peer at {@code remote} (the {@code remote} field; null for none). */
  public void warnFrom(String remote, String format, Object... args) {
    warnWithReason(remote, null, format, args);
  }

  /**
   * As {@link #warnFrom}, with why the input was refused or the connection closed: the {@code reason}
   * field ({@link LogFields#REASON}; null for none), e.g. {@code denied} or {@code frame_timeout}.
   */
  public void warnWithReason(String remote, String reason, String format, Object... args) {
    long time = clock.getAsLong();
    Kind kind = kinds.get(format);
    if (kind == null || time - kind.last >= intervalMillis) {
      if (kind == null) {
        kind = new Kind();
        kinds.put(format, kind);
      }
      LoggingEventBuilder event = withReason(LogFields.with(log.atWarn(), listener, remote), reason);
      if (kind.suppressed > 0) {
        event.addKeyValue(LogFields.SUPPRESSED, kind.suppressed)
            .log(format + " ({} more like this since the last warning, logged at DEBUG)",
                append(args, kind.suppressed));
      } else {
        event.log(format, args);
      }
      kind.last = time;
      kind.suppressed = 0;
    } else {
      kind.suppressed++;
      withReason(LogFields.with(log.atDebug(), listener, remote), reason).log(format, args);
    }
  }

  private static LoggingEventBuilder withReason(LoggingEventBuilder event, String reason) {
    return reason == null ? event : event.addKeyValue(LogFields.REASON, reason);
  }

  private static Object[] append(Object[] args, Object extra) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = extra;
    return all;
  }
}
