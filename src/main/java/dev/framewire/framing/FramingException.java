package dev.framewire.framing;

/** Base type of the errors a {@link Framer} reports; carries no stack trace (they are expected input errors). */
public abstract class FramingException extends RuntimeException {
  protected FramingException(String message) {
    super(message, null, false, false);
  }
}
