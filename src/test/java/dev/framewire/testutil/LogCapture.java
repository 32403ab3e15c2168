package dev.framewire.testutil;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The events one logger (and its children) logs while a test runs, at the level the test asks for;
 * {@link #close()} restores the logger. Events are kept as Logback made them: level, formatted
 * message, key-value pairs.
 *
 * <pre>
 * try (LogCapture log = LogCapture.of("dev.framewire.transport", Level.DEBUG)) {
 *   ...
 *   assertThat(log.messages()).contains("...");
 * }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger logger, Level level) {
    this.logger = logger;
    this.previous = logger.getLevel();
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(level);
  }

  public static LogCapture of(String logger, Level level) {
    return new LogCapture((Logger) LoggerFactory.getLogger(logger), level);
  }

  /** The events so far (a copy; appenders are called on whichever thread logs). */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  public List<String> messages() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** An event's key-value pairs, in a map. */
  public static Map<String, Object> fields(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
    return pairs.stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }
}
