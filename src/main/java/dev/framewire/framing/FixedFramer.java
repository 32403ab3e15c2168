package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * {@code fixed}: every frame is exactly {@code size} bytes, whatever the chunking.
 *
 * <pre>
 * BEFORE (size = 4; 3 chunks)                 AFTER (3 frames)
 * +---+ +--------+ +------+                   +----+ +----+ +----+
 * | AB| | CDEFGHI| | JKLMN|       -----&gt;      |ABCD| |EFGH| |IJKL|   (MN held)
 * +---+ +--------+ +------+                   +----+ +----+ +----+
 * </pre>
 *
 * <p>{@code size} must be 1..{@code maxLength} (checked when the framer is made), so no frame is ever
 * too long. The encoder requires a payload of exactly {@code size} bytes and throws
 * {@link UnframeableReplyException} naming both sizes otherwise: it neither pads nor splits.
 *
 * <p>Built on {@link RecordParser} in fixed-size mode.
 */
final class FixedFramer extends AbstractFramer {
  private final int size;
  private final RecordParser parser;
  /** Bytes of the current, unfinished frame held by the parser. */
  private int pending;

  FixedFramer(int size, int maxLength, FrameSink sink) {
    super(maxLength, OversizePolicy.CLOSE, sink);
    checkSize(size, maxLength);
    this.size = size;
    this.parser = RecordParser.newFixed(size, this::onRecord);
  }

  static FrameEncoder encoder(int size, int maxLength) {
    checkSize(size, maxLength);
    return (payload, out) -> {
      int length = payload.length();
      if (length != size) {
        throw new UnframeableReplyException(
            "fixed framing of " + size + " bytes cannot frame a reply of " + length + " bytes");
      }
      out.appendBuffer(payload);
    };
  }

  private static void checkSize(int size, int maxLength) {
    if (size < 1 || size > maxLength) {
      throw new IllegalArgumentException(
          "fixed framing size must be 1.." + maxLength + " (maxLength), was " + size);
    }
  }

  @Override
  public void handle(Buffer chunk) {
    if (stopped || chunk.length() == 0) {
      return;
    }
    pending += chunk.length();
    parser.handle(chunk);
  }

  private void onRecord(Buffer record) {
    if (stopped) {
      return;
    }
    pending -= size;
    sink.frame(record, false);
  }

  @Override
  void stop() {
    stopped = true;
    parser.pause();
  }

  @Override
  public void end() {
    if (stopped) {
      return;
    }
    parser.handle(NO_BYTES); // whole records a throwing sink left unparsed are not truncated ones
    stop();
    if (pending > 0) {
      sink.truncatedAtEnd(pending);
    }
  }

  @Override
  int bufferedBytes() {
    return pending;
  }

  /** Between frames (the parser holds no byte) a fixed framer is as good as a new one. */
  @Override
  public boolean replaceable() {
    return !stopped && pending == 0;
  }
}
