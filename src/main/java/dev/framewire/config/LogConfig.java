package dev.framewire.config;

import java.util.Objects;
import org.slf4j.event.Level;

/**
 * Framewire's own log: its format, its level, and whether wire dumps (the bytes clients send and
 * receive) may appear in it. {@code --log-format} and {@code --log-level} on the command line win
 * over this section.
 *
 * <pre>
 * "log": {"format": "json", "level": "DEBUG", "payloads": false}
 * </pre>
 *
 * @param format {@code "text"} (human-readable lines) or {@code "json"} (one object per line);
 *     default {@link #DEFAULT_FORMAT}
 * @param level the least severe level logged by Framewire's own loggers ({@code dev.framewire}):
 *     {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG} (connection events) or {@code TRACE},
 *     in any case; Vert.x, Netty and Hazelcast stay at WARN; default {@link #DEFAULT_LEVEL}
 * @param payloads a debugging aid: every listener and the bridge dump the bytes they read and write
 *     (Vert.x activity logging, hex, at DEBUG); never on a production node, since those bytes are
 *     your users' data; default false: no log line carries payload bytes
 */
public record LogConfig(LogFormat format, Level level, boolean payloads) {

  /** Default {@code format}: text. */
  public static final LogFormat DEFAULT_FORMAT = LogFormat.TEXT;
  /** Default {@code level}: INFO (lifecycle: listeners bound, stopping, cluster membership). */
  public static final Level DEFAULT_LEVEL = Level.INFO;
  /** The section's defaults, as when it is absent. */
  public static final LogConfig DEFAULT = new LogConfig(DEFAULT_FORMAT, DEFAULT_LEVEL, false);

  public LogConfig {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(level, "level");
  }

  /** The level written {@code name} in any case ({@code debug}, {@code DEBUG}), or null for none. */
  public static Level level(String name) {
    for (Level level : Level.values()) {
      if (level.name().equalsIgnoreCase(name)) {
        return level;
      }
    }
    return null;
  }
}
