package dev.framewire.cli;

import dev.framewire.config.LogConfig;
import dev.framewire.config.LogFormat;
import org.slf4j.event.Level;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level}: they win over the config's {@code log} section. */
final class LogOptions {
  @Option(names = "--log-format", paramLabel = "text|json",
      description = "Log lines on standard error: text (default) or json (one object per line). "
          + "Wins over the config's log.format.")
  String format;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "Framewire's log level: ERROR, WARN, INFO (default), DEBUG (connection events) or TRACE. "
          + "Wins over the config's log.level.")
  String level;

  /** The format asked for on the command line, or null; a bad value is a usage error. */
  LogFormat format() {
    if (format == null) {
      return null;
    }
    LogFormat f = LogFormat.named(format);
    if (f == null) {
      throw new IllegalArgumentException("--log-format must be text or json (was \"" + format + "\")");
    }
    return f;
  }

  /** The level asked for on the command line, or null; a bad value is a usage error. */
  Level level() {
    if (level == null) {
      return null;
    }
    Level l = LogConfig.level(level);
    if (l == null) {
      throw new IllegalArgumentException("--log-level must be one of ERROR, WARN, INFO, DEBUG, TRACE (was \""
          + level + "\")");
    }
    return l;
  }

  /** {@code config} with the command line's choices over it. */
  LogConfig over(LogConfig config) {
    LogFormat f = format();
    Level l = level();
    return new LogConfig(f != null ? f : config.format(), l != null ? l : config.level(), config.payloads());
  }
}
