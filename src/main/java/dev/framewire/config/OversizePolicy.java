package dev.framewire.config;

/** What a listener does with a frame longer than its framing's {@code maxLength}. */
public enum OversizePolicy {
  /** Close that connection (default). */
  CLOSE("close"),
  /** Discard the rest of the frame without buffering it and carry on with the next one. */
  SKIP("skip"),
  /** Deliver the first {@code maxLength} bytes, marked as truncated, and discard the rest. */
  TRUNCATE("truncate");

  private final String json;

  OversizePolicy(String json) { this.json = json; }

  public String json() { return json; }
}
