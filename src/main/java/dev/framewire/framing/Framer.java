package dev.framewire.framing;

import io.vertx.core.buffer.Buffer;

/**
 * Turns one inbound byte stream (a TCP connection) or one datagram into frames.
 *
 * <p>A framer is a pure state machine: bytes in through {@link #handle(Buffer)}, frames and framing
 * errors out to the {@link FrameSink} it was created with. It knows nothing of sockets, verticles or
 * the event bus, so tests drive it without a Vert.x instance. One framer serves one stream and is
 * confined to the thread that feeds it (a connection's event loop); it is not thread-safe.
 *
 * <p>Whatever the chunking of the input (byte by byte, random splits, all at once), the same stream
 * yields the same frames and the same errors in the same order. (For {@code raw} the chunks <em>are</em>
 * the frames, and a {@code datagram} framer is fed whole datagrams.)
 *
 * <p>Create framers with {@link Framings#newFramer}.
 */
public interface Framer {

  /**
   * Feeds the next chunk of the stream. Frames completed by this chunk are handed to the sink before
   * this method returns. After a fatal error (see {@link FrameSink#error}) the framer ignores all
   * further input (a {@code datagram} framer only drops the rest of that datagram).
   *
   * <p>The framer never keeps a reference to {@code chunk} nor hands it (or a slice of it) to the
   * sink: the caller may reuse the buffer as soon as this method returns.
   */
  void handle(Buffer chunk);

  /**
   * Ends the stream. A partly received last frame is not delivered as if it were whole: it is
   * reported once through {@link FrameSink#truncatedAtEnd(int)} with the number of bytes dropped.
   * After a fatal error, or a second time, this does nothing; after {@code end()} the framer ignores
   * any further input.
   */
  void end();

  /**
   * Whether the stream stops inside a frame right now: some of a frame's bytes (or of its header)
   * have arrived, and its end has not. A listener times such a frame out ({@code frameTimeout}).
   * False once the framer has stopped, and always for a framer that holds nothing between chunks.
   */
  boolean inFrame();

  /**
   * Whether this framer is exactly as a new one (from {@link Framings#newFramer} with the same
   * arguments) would be: it holds no byte of an unfinished frame or header, is not discarding or
   * skipping the rest of a frame too long, and has not stopped (no fatal error, no {@link #end()}).
   * When true, dropping this framer and giving the rest of the stream to a new one yields the same
   * frames and errors as going on with this one: a connection that has gone quiet lets it go and
   * makes a new one when bytes arrive. Implies {@code !inFrame()}.
   */
  boolean replaceable();
}
