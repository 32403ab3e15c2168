package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;

/**
 * {@code raw}: each chunk the socket delivers is one frame; no boundary is looked for.
 *
 * <pre>
 * BEFORE (3 chunks as read)              AFTER (3 frames)
 * +-------+ +----+ +---------+           +-------+ +----+ +---------+
 * | HELLO | | , W| | ORLD\r\n|   -----&gt; | HELLO | | , W| | ORLD\r\n|
 * +-------+ +----+ +---------+           +-------+ +----+ +---------+
 * </pre>
 *
 * <p>A chunk longer than {@code maxLength} follows the oversize policy ({@code close}: fatal error;
 * {@code skip}: the chunk is dropped; {@code truncate}: its first {@code maxLength} bytes are
 * delivered, marked truncated). An empty chunk carries no frame. Nothing is ever held between
 * chunks, so {@link #end()} never reports a truncated frame. The encoder writes the payload as is.
 */
final class RawFramer extends StatelessFramer {

  RawFramer(int maxLength, OversizePolicy onOversize, FrameSink sink) {
    super(maxLength, onOversize, sink);
  }

  static FrameEncoder encoder(int maxLength) {
    return (payload, out) -> {
      checkReplyLength(payload.length(), maxLength);
      out.appendBuffer(payload);
    };
  }

  @Override
  public void handle(Buffer chunk) {
    if (stopped) {
      return;
    }
    int length = chunk.length();
    if (length == 0) {
      return;
    }
    if (length <= maxLength) {
      sink.frame(copyOf(chunk, 0, length), false); // the caller may reuse its chunk
    } else {
      rejectWhole(new FrameTooLongException(
          "chunk of " + length + " bytes exceeds maxLength " + maxLength, length, maxLength), chunk, 0);
    }
  }
}
