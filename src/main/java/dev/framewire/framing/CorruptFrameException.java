package dev.framewire.framing;

/** The stream cannot be framed any more (a negative length, a non-numeric octet count, ...). */
public final class CorruptFrameException extends FramingException {
  public CorruptFrameException(String message) {
    super(message);
  }
}
