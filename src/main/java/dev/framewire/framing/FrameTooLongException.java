package dev.framewire.framing;

/** A frame longer than the framing's {@code maxLength}, seen in the data or announced by a header. */
public final class FrameTooLongException extends FramingException {
  private final long length;
  private final long maxLength;

  public FrameTooLongException(long length, long maxLength, boolean announced) {
    super((announced ? "frame header announces " : "frame exceeds ") + length
        + (announced ? " bytes" : " bytes without a delimiter") + ", over maxLength " + maxLength);
    this.length = length;
    this.maxLength = maxLength;
  }

  /** The announced length, or the number of bytes seen so far without finding the frame's end. */
  public long length() { return length; }

  public long maxLength() { return maxLength; }
}
