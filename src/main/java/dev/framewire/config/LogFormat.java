package dev.framewire.config;

/** How Framewire writes its log lines to standard error. */
public enum LogFormat {
  /** Human-readable: {@code 2026-12-05T01:53:49.123Z INFO  RunCommand - listener echo: ...}. */
  TEXT("text"),
  /** One JSON object per line: time, level, logger, message, and listener and remote where known. */
  JSON("json");

  private final String json;

  LogFormat(String json) { this.json = json; }

  public String json() { return json; }

  /** The format written {@code name} in configuration ({@code text}, {@code json}), or null for none. */
  public static LogFormat named(String name) {
    for (LogFormat f : values()) {
      if (f.json.equals(name)) {
        return f;
      }
    }
    return null;
  }
}
