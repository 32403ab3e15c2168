package dev.framewire.framing;

import io.vertx.core.buffer.Buffer;

/**
 * Receives what a {@link Framer} produces. Called on the framer's thread, in stream order.
 *
 * <p>Oversize frames, by {@link dev.framewire.config.OversizePolicy}:
 * <ul>
 *   <li>{@code close}: {@code error(FrameTooLongException, fatal = true)}, then nothing more;</li>
 *   <li>{@code skip}: {@code error(FrameTooLongException, fatal = false)}, the frame is discarded,
 *       the next frame follows;</li>
 *   <li>{@code truncate}: <b>first</b> {@code error(FrameTooLongException, fatal = false)},
 *       <b>then</b> {@code frame(firstMaxLengthBytes, truncated = true)}. For framings that announce
 *       the length up front ({@code length-prefixed}, {@code octet-counting}) the error comes as soon
 *       as the header is read and the truncated frame once its first {@code maxLength} bytes have
 *       arrived; if the stream ends before that, {@link #truncatedAtEnd(int)} replaces the frame.</li>
 * </ul>
 *
 * <p>A sink must not call back into its framer ({@code handle}, {@code end}) from these methods. If
 * a method throws, the exception propagates out of {@link Framer#handle(Buffer)}; the framer stays
 * consistent and carries on with the next chunk (frames already complete in the buffered input are
 * delivered by the next call; for {@code raw} and {@code datagram} the rest of that chunk or datagram
 * is lost).
 */
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
   *
   * <p>A {@code datagram} framer has no connection and carries no state from one datagram to the
   * next: for it, {@code fatal} means the rest of the current datagram was dropped, and the framer
   * frames the next datagram as usual.
   */
  void error(FramingException error, boolean fatal);

  /**
   * End of stream arrived in the middle of a frame; {@code bytesDropped} bytes were discarded: the
   * bytes of the unfinished frame received so far, its header included. Not called when nothing was
   * held (a clean end, or the middle of a frame already reported as too long and being skipped).
   */
  default void truncatedAtEnd(int bytesDropped) {}
}
