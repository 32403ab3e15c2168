package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/** What every framer shares: its sink, the limit and oversize policy, the stopped state. */
abstract class AbstractFramer implements Framer {

  /** Fed to a RecordParser to make it parse what it holds without adding bytes; never written. */
  static final Buffer NO_BYTES = Buffer.buffer(0);

  final FrameSink sink;
  final int maxLength;
  final OversizePolicy onOversize;
  /** Set by a fatal error or by {@link #end()}; all further input is ignored. */
  boolean stopped;

  AbstractFramer(int maxLength, OversizePolicy onOversize, FrameSink sink) {
    this.maxLength = maxLength;
    this.onOversize = Objects.requireNonNull(onOversize, "onOversize");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Bytes of unfinished frames held right now (0 for a framer that holds nothing between calls). */
  abstract int bufferedBytes();

  @Override
  public boolean inFrame() {
    return !stopped && bufferedBytes() > 0;
  }

  /** Stops the framer; subclasses also stop their parser so it emits no further record. */
  void stop() {
    stopped = true;
  }

  /**
   * A frame of {@code length} bytes, all at hand at {@code src[from, from + length)}, is too long:
   * applies the oversize policy. State first, then the sink: a throwing sink leaves us consistent.
   */
  final void rejectWhole(FrameTooLongException error, Buffer src, int from) {
    switch (onOversize) {
      case CLOSE -> {
        stop();
        sink.error(error, true);
      }
      case SKIP -> sink.error(error, false);
      case TRUNCATE -> {
        Buffer head = copyOf(src, from, from + maxLength);
        sink.error(error, false);
        sink.frame(head, true);
      }
    }
  }

  /** A new buffer holding {@code src[from, to)}: one exact-size allocation, one copy. */
  static Buffer copyOf(Buffer src, int from, int to) {
    int length = to - from;
    return Buffer.buffer(length).appendBuffer(src, from, length);
  }

  /** Encoders: a reply longer than {@code maxLength} cannot be framed. */
  static void checkReplyLength(int length, int maxLength) {
    if (length > maxLength) {
      throw new FrameTooLongException(
          "reply of " + length + " bytes exceeds maxLength " + maxLength, length, maxLength);
    }
  }
}
