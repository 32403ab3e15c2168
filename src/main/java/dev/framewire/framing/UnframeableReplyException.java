package dev.framewire.framing;

/**
 * A reply the listener's framing cannot carry as one frame: a {@code fixed} reply of the wrong
 * size, an empty {@code octet-counting} reply, or a {@code delimited}/{@code lines} reply that
 * contains the delimiter (written as is, the peer would read it as several frames and lose sync).
 * Thrown by a {@link FrameEncoder}; nothing has been written.
 */
public final class UnframeableReplyException extends FramingException {
  public UnframeableReplyException(String message) {
    super(message);
  }
}
