package dev.framewire.transport;

import org.slf4j.Logger;

/**
 * Warnings about rejected or lost input, at most one per interval; the rest at DEBUG with a count carried
 * into the next warning, so that a client sending nothing but bad input cannot flood the log.
 * Confined to one event loop.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalMillis;
  private long last = Long.MIN_VALUE;
  private long suppressed;

  public RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalMillis = intervalMillis;
  }

  /** Logs {@code format} (SLF4J placeholders) at WARN, or at DEBUG when one was logged recently. */
  public void warn(String format, Object... args) {
    long time = System.currentTimeMillis();
    if (last == Long.MIN_VALUE || time - last >= intervalMillis) {
      if (suppressed > 0) {
        log.warn(format + " ({} more like this since the last warning, logged at DEBUG)", append(args, suppressed));
      } else {
        log.warn(format, args);
      }
      last = time;
      suppressed = 0;
    } else {
      suppressed++;
      log.debug(format, args);
    }
  }

  private static Object[] append(Object[] args, Object extra) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = extra;
    return all;
  }
}
