package dev.framewire.framing;

import io.vertx.core.buffer.Buffer;

/** Receives what a {@link Framer} produces. Called on the framer's thread, in stream order. */
public interface FrameSink {

  /**
   * A complete frame. The buffer belongs to the sink from now on (the framer keeps no reference
   * to it and will never modify it).
   *
   * @param truncated true when the frame was longer than {@code maxLength} and the listener's
   *     oversize policy is {@code truncate}: {@code frame} then holds the first {@code maxLength}
   *     bytes and the rest of the frame was discarded.
   */
  void frame(Buffer frame, boolean truncated);

  /**
   * A framing error. {@code fatal} is true when the framer cannot find the next frame boundary
   * (corrupt header, or oversize under policy {@code close}): the framer has stopped and the
   * connection should be closed. A non-fatal error (oversize under {@code skip} or
   * {@code truncate}) is reported and the framer carries on with the next frame.
   */
  void error(FramingException error, boolean fatal);

  /** End of stream arrived in the middle of a frame; {@code bytesDropped} bytes were discarded. */
  default void truncatedAtEnd(int bytesDropped) {}
}
