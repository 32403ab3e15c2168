package dev.framewire.framing;

/**
 * A frame longer than the framing's {@code maxLength}, seen in the data or announced by a header;
 * also thrown by a {@link FrameEncoder} for a reply that cannot be framed.
 *
 * <p>For a frame whose end is marked by a delimiter, the framer gives up as soon as it holds more
 * than {@code maxLength} bytes without finding the end, so {@link #length()} is then
 * {@code maxLength + 1} whatever the frame's real length (the rest is never counted: it is discarded
 * unread). This keeps the error identical however the stream was chunked.
 */
public final class FrameTooLongException extends FramingException {
  private final long length;
  private final long maxLength;

  public FrameTooLongException(long length, long maxLength, boolean announced) {
    super((announced ? "frame header announces " : "frame exceeds ") + length
        + (announced ? " bytes" : " bytes without a delimiter") + ", over maxLength " + maxLength);
    this.length = length;
    this.maxLength = maxLength;
  }

  /** For the cases the public constructor's wording does not fit (a raw chunk, a reply). */
  FrameTooLongException(String message, long length, long maxLength) {
    super(message);
    this.length = length;
    this.maxLength = maxLength;
  }

  /**
   * The announced length, the length of a whole frame (raw, datagram, reply), or, for a frame not
   * yet terminated, {@code maxLength + 1}: the count at which the framer gave up.
   */
  public long length() { return length; }

  /** The limit that was exceeded: {@code maxLength}, or what a length header can count. */
  public long maxLength() { return maxLength; }
}
