package dev.framewire.codec;

/**
 * A frame that the listener's codec cannot turn into a body: bad bytes for the charset, invalid
 * JSON, a JSON scalar where an object or array is expected. The message is meant for the user (it
 * may go back to the client or into a log line), so it is short and names the position, e.g.
 * {@code "invalid UTF-8 at byte 3"}; no stack trace is recorded (this is expected input, not a bug).
 */
public final class DecodeException extends Exception {

  public DecodeException(String message) {
    super(message, null, false, false);
  }
}
