package dev.framewire.config;

/** Event-bus body types; JSON names in {@link #json()}. */
public enum CodecType {
  /** Frames travel as {@code Buffer}. */
  BYTES("bytes"),
  /** Frames travel as {@code String}, decoded strictly with the codec's charset. */
  TEXT("text"),
  /** Frames travel as {@code JsonObject} (or {@code JsonArray}). */
  JSON("json");

  private final String json;

  CodecType(String json) { this.json = json; }

  public String json() { return json; }
}
