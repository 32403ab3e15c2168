package dev.framewire.transport;

import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The key-value pairs that connection events carry besides their message: in JSON log lines they
 * are fields of their own ({@code "listener":"echo","remote":"127.0.0.1:50312"}), so a log
 * pipeline can filter by them; text lines show the message only, which names them too.
 *
 * <pre>
 * LogFields.debug(log, "echo", remote).log("listener {}: connection {} from {}", "echo", id, remote);
 * </pre>
 */
public final class LogFields {
  /** The listener's name ({@code "bridge"} for the event-bus bridge, which no listener may be named). */
  public static final String LISTENER = "listener";
  /** The peer's address, {@code host:port}. */
  public static final String REMOTE = "remote";
  /** Why a connection closed: {@code peer closed}, {@code reset}, {@code idle}, {@code slow consumer}, ... */
  public static final String REASON = "reason";
  /** How many warnings like this one were not logged at WARN since the last one ({@link RateLimitedLog}). */
  public static final String SUPPRESSED = "suppressed";

  private LogFields() {
  }

  /** A DEBUG event (nothing is built when DEBUG is off) with the listener and, if not null, the remote. */
  public static LoggingEventBuilder debug(Logger log, String listener, String remote) {
    return with(log.atDebug(), listener, remote);
  }

  /** An INFO event with the listener and, if not null, the remote. */
  public static LoggingEventBuilder info(Logger log, String listener, String remote) {
    return with(log.atInfo(), listener, remote);
  }

  /** A WARN event with the listener and, if not null, the remote. */
  public static LoggingEventBuilder warn(Logger log, String listener, String remote) {
    return with(log.atWarn(), listener, remote);
  }

  static LoggingEventBuilder with(LoggingEventBuilder event, String listener, String remote) {
    if (listener != null) {
      event.addKeyValue(LISTENER, listener);
    }
    if (remote != null) {
      event.addKeyValue(REMOTE, remote);
    }
    return event;
  }
}
