package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * The machinery shared by framings whose header announces the body length ({@code length-prefixed},
 * {@code octet-counting}), built on {@link RecordParser}: the parser reads a header record (the
 * subclass sets the mode), then switches to {@code fixedSizeMode(length)} from within its handler
 * for the body, then back.
 *
 * <p>The limit is checked on the header, before any body byte is kept for the frame. An oversize
 * body is skipped by counting: the bytes the parser already holds are drained out of it (at most one
 * chunk), the rest is dropped from the following chunks before they reach the parser. Under
 * {@code truncate} the parser collects the first {@code maxLength} body bytes, then the rest is
 * skipped the same way. A zero length is an empty frame, delivered without touching the parser
 * ({@code fixedSizeMode(0)} is illegal).
 */
abstract class AnnouncedLengthFramer extends AbstractFramer {
  private enum State { HEADER, BODY, TRUNCATED_BODY, DRAIN }

  final RecordParser parser;
  private State state = State.HEADER;
  /** Bytes fed to the parser and not yet returned in a record. */
  int pending;
  /** Header bytes of the current frame already taken from the parser (for truncatedAtEnd). */
  private int consumedHeader;
  /** Body bytes still to drop from the input before it reaches the parser. */
  private long skip;
  /** Under truncate: the body bytes after the first maxLength, to skip once those are delivered. */
  private long truncatedRest;

  AnnouncedLengthFramer(int maxLength, OversizePolicy onOversize, FrameSink sink) {
    super(maxLength, onOversize, sink);
    this.parser = RecordParser.newFixed(1, this::onRecord);
  }

  /** Puts the parser in the mode that returns the next header as one record. */
  abstract void headerMode();

  /** How many stream bytes the header record stood for (its length, plus a delimiter if any). */
  abstract int headerBytes(Buffer header);

  /**
   * The body length the header announces, or -1 after reporting the header as corrupt through
   * {@link #corrupt(String)}.
   */
  abstract long bodyLength(Buffer header);

  /** Called after each chunk while a header is incomplete; may report it as corrupt. */
  void checkPartialHeader() {}

  final boolean readingHeader() {
    return state == State.HEADER && skip == 0;
  }

  final void corrupt(String message) {
    stop();
    sink.error(new CorruptFrameException(message), true);
  }

  @Override
  public final void handle(Buffer chunk) {
    if (stopped) {
      return;
    }
    int length = chunk.length();
    int from = 0;
    if (skip > 0) {
      if (skip >= length) {
        skip -= length;
        return;
      }
      from = (int) skip;
      skip = 0;
    }
    if (from == length) {
      return;
    }
    pending += length - from;
    parser.handle(from == 0 ? chunk : chunk.slice(from, length)); // the parser copies what it keeps
    if (!stopped && readingHeader()) {
      checkPartialHeader();
    }
  }

  private void onRecord(Buffer record) {
    if (stopped) {
      return;
    }
    switch (state) {
      case HEADER -> onHeader(record);
      case BODY -> {
        pending -= record.length();
        frameDone();
        sink.frame(record, false);
      }
      case TRUNCATED_BODY -> {
        pending -= record.length();
        consumedHeader = 0;
        startSkip(truncatedRest);
        sink.frame(record, true);
      }
      case DRAIN -> {
        pending -= record.length();
        frameDone();
      }
    }
  }

  private void onHeader(Buffer header) {
    int headerBytes = headerBytes(header);
    pending -= headerBytes;
    long length = bodyLength(header);
    if (length < 0) {
      return;
    }
    if (length > maxLength) {
      oversize(length, headerBytes);
    } else if (length == 0) {
      sink.frame(Buffer.buffer(0), false); // still in header mode
    } else {
      state = State.BODY;
      consumedHeader = headerBytes;
      parser.fixedSizeMode((int) length);
    }
  }

  private void oversize(long length, int headerBytes) {
    FrameTooLongException error = new FrameTooLongException(length, maxLength, true);
    switch (onOversize) {
      case CLOSE -> {
        stop();
        sink.error(error, true);
      }
      case SKIP -> {
        startSkip(length);
        sink.error(error, false);
      }
      case TRUNCATE -> {
        state = State.TRUNCATED_BODY;
        consumedHeader = headerBytes;
        truncatedRest = length - maxLength;
        parser.fixedSizeMode(maxLength);
        sink.error(error, false);
      }
    }
  }

  /**
   * Discards the next {@code count} body bytes: those the parser holds are drained out of it now
   * (as one record, dropped), the rest are dropped by {@link #handle} before reaching the parser.
   */
  private void startSkip(long count) {
    consumedHeader = 0;
    if (pending == 0) {
      skip = count;
      frameDone();
      return;
    }
    int now = (int) Math.min(count, pending);
    skip = count - now;
    state = State.DRAIN;
    parser.fixedSizeMode(now);
  }

  private void frameDone() {
    state = State.HEADER;
    consumedHeader = 0;
    headerMode();
  }

  @Override
  final void stop() {
    stopped = true;
    parser.pause();
  }

  @Override
  public final void end() {
    if (stopped) {
      return;
    }
    parser.handle(NO_BYTES); // whole records a throwing sink left unparsed are not truncated ones
    if (!stopped && readingHeader()) {
      checkPartialHeader();
    }
    if (stopped) {
      return;
    }
    stop();
    int dropped = consumedHeader + pending;
    if (dropped > 0) {
      sink.truncatedAtEnd(dropped);
    }
  }

  /** A header read whose body has not come, or the rest of a cut frame still to skip, is a frame too. */
  @Override
  public final boolean inFrame() {
    return !stopped && (pending > 0 || consumedHeader > 0 || skip > 0);
  }

  @Override
  final int bufferedBytes() {
    return pending;
  }

  /**
   * Waiting for the next header with nothing of it held: the parser holds no byte, no header was
   * read whose body has not come, and no body bytes of a frame too long remain to be skipped.
   */
  @Override
  public final boolean replaceable() {
    return !stopped && state == State.HEADER && pending == 0 && consumedHeader == 0 && skip == 0;
  }
}
