package dev.framewire.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.framewire.config.LogConfig;
import dev.framewire.config.LogFormat;
import dev.framewire.transport.OptionsMapper;
import java.io.OutputStream;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows the logging backend (Logback): sets the format and levels chosen by
 * {@link LogConfig}. Everything else logs through SLF4J; Vert.x, Netty and Hazelcast do too.
 *
 * <p>Text: {@code 2026-12-05T02:10:07.412Z INFO  TcpListenerVerticle - listener echo: bound to 127.0.0.1:7000}.
 * JSON, one object per line: {@code time}, {@code level}, {@code logger}, {@code message}, then the
 * event's key-value pairs ({@code listener}, {@code remote}, {@code reason}, ... where known) and a
 * {@code stack_trace} when there is one.
 */
final class Logging {
  /** Framewire's own loggers: {@link LogConfig#level()} applies to these. */
  static final String FRAMEWIRE = "dev.framewire";
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n%ex";
  private static final String APPENDER = "console";

  private Logging() {
  }

  /** Standard error gets {@code config}'s format; Framewire's loggers its level. */
  static void configure(LogConfig config) {
    configure(config, null);
  }

  /** As {@link #configure(LogConfig)}, to {@code out} instead of standard error (for tests). */
  static void configure(LogConfig config, OutputStream out) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    OutputStreamAppender<ILoggingEvent> appender;
    if (out == null) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.err");
      appender = console;
    } else {
      appender = new OutputStreamAppender<>();
      appender.setOutputStream(out);
    }
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setEncoder(encoder(config.format(), context));
    appender.start();
    // the packaged logback.xml's appender (or a previous call's) goes; its logger levels stay
    root.detachAndStopAllAppenders();
    root.addAppender(appender);

    context.getLogger(FRAMEWIRE).setLevel(Level.toLevel(config.level().name()));
    // the listeners' options ask this logger whether to dump their traffic (OptionsMapper)
    context.getLogger(OptionsMapper.WIRE_DUMP_LOGGER).setLevel(config.payloads() ? Level.DEBUG : null);
  }

  private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
    if (format == LogFormat.JSON) {
      // the fields in reading order: time, level, logger, message, then the event's key-value pairs
      LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
      LoggingEventFormattedTimestampJsonProvider time = new LoggingEventFormattedTimestampJsonProvider();
      time.setFieldName("time");
      time.setPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
      providers.addTimestamp(time);
      providers.addLogLevel(new LogLevelJsonProvider());
      LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
      logger.setFieldName("logger");
      providers.addLoggerName(logger);
      providers.addMessage(new MessageJsonProvider());
      providers.addKeyValuePairs(new KeyValuePairsJsonProvider());
      providers.addMdc(new MdcJsonProvider());
      providers.addStackTrace(new StackTraceJsonProvider());
      LoggingEventCompositeJsonEncoder json = new LoggingEventCompositeJsonEncoder();
      json.setContext(context);
      json.setProviders(providers);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
