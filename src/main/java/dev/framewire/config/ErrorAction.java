package dev.framewire.config;

/** What a listener does when a request gets no reply: no handler, timeout, handler failure, bad frame. */
public enum ErrorAction {
  /** Write an error frame (from {@link OnErrorConfig#errorFrame()}) in the reply's place. */
  ERROR_FRAME("error-frame"),
  /** Close the connection (after the replies before it are written). */
  CLOSE("close"),
  /** Write nothing for that frame, count it, carry on. */
  DROP("drop");

  private final String json;

  ErrorAction(String json) { this.json = json; }

  public String json() { return json; }
}
