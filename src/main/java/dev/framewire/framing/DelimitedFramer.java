package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * {@code delimited} and {@code lines}: each frame ends with a delimiter, which is not part of it.
 *
 * <p>{@code delimited} with delimiter {@code \r\n}; the delimiter may straddle chunks, two delimiters
 * in a row give an empty frame:
 * <pre>
 * BEFORE (3 chunks)                           AFTER (3 frames)
 * +----------+ +-------------+ +-----+        +-------+ +--+ +-----+
 * | HELLO\r\n| | \r\nWORLD\r | | \nAB|  ----&gt; | HELLO | |  | |WORLD|   (AB held, no delimiter yet)
 * +----------+ +-------------+ +-----+        +-------+ +--+ +-----+
 * </pre>
 *
 * <p>{@code lines}: delimiter {@code \n}, and a {@code \r} just before it is dropped too:
 * <pre>
 * BEFORE                                      AFTER (3 frames)
 * +----------------------+                    +-----+ +---------+ +--+
 * | GET\r\nHost: a\n\r\n |        -----&gt;      | GET | | Host: a | |  |
 * +----------------------+                    +-----+ +---------+ +--+
 * </pre>
 *
 * <p><b>Too long</b> means more than {@code maxLength} frame bytes with no delimiter: a frame of
 * exactly {@code maxLength} bytes followed by the delimiter is fine, {@code maxLength + 1} is not. The
 * framer notices as soon as it holds more undelimited bytes than a frame of {@code maxLength} plus a
 * partial delimiter could take ({@code maxLength + delimiter.length - 1}; {@code maxLength + 1} for
 * {@code lines}, whose frame may be followed by {@code \r}), or when a complete frame is too long.
 * It then reports {@code FrameTooLongException(maxLength + 1)}; under {@code skip} and
 * {@code truncate} it discards everything up to and including the next delimiter without buffering
 * it, so it never holds more than that limit plus one chunk.
 *
 * <p>The encoder appends the delimiter; it does not escape a payload that contains it.
 *
 * <p>Built on {@link RecordParser} in delimited mode; RecordParser's own {@code maxRecordSize} is not
 * used (its overflow keeps the buffer and fires again on every chunk). The discard after an
 * oversize frame is a hand scan ({@link DelimiterMatcher}), since RecordParser can only buffer.
 */
final class DelimitedFramer extends AbstractFramer {
  private static final byte[] LF = {'\n'};
  /** Size of the window a chunk is copied into, piece by piece, while discarding. */
  private static final int DISCARD_WINDOW = 8 * 1024;

  private final Buffer delimiter;
  private final int delimiterLength;
  private final boolean lines;
  /** Undelimited bytes held beyond which the current frame is certainly longer than maxLength. */
  private final int holdLimit;
  private final RecordParser parser;
  private final DelimiterMatcher matcher;

  /** Bytes fed to the parser and not yet returned in a record: the current unfinished frame. */
  private int pending;
  /** Discarding the rest of an oversize frame, up to and including the next delimiter. */
  private boolean discarding;
  private boolean draining;
  private Buffer drained;
  private byte[] window;

  static DelimitedFramer lines(int maxLength, OversizePolicy onOversize, FrameSink sink) {
    return new DelimitedFramer(LF, true, maxLength, onOversize, sink);
  }

  static DelimitedFramer delimited(byte[] delimiter, int maxLength, OversizePolicy onOversize,
      FrameSink sink) {
    return new DelimitedFramer(delimiter, false, maxLength, onOversize, sink);
  }

  private DelimitedFramer(byte[] delimiter, boolean lines, int maxLength, OversizePolicy onOversize,
      FrameSink sink) {
    super(maxLength, onOversize, sink);
    this.matcher = new DelimiterMatcher(delimiter); // rejects an empty delimiter
    this.delimiter = Buffer.buffer(delimiter.clone());
    this.delimiterLength = delimiter.length;
    this.lines = lines;
    this.holdLimit = lines ? maxLength + 1 : maxLength + delimiter.length - 1;
    this.parser = RecordParser.newDelimited(this.delimiter, this::onRecord);
  }

  static FrameEncoder linesEncoder(int maxLength) {
    return encoder(LF, maxLength);
  }

  static FrameEncoder encoder(byte[] delimiter, int maxLength) {
    byte[] delim = delimiter.clone();
    return (payload, out) -> {
      checkReplyLength(payload.length(), maxLength);
      int at = indexOf(payload, delim);
      if (at >= 0) {
        throw new UnframeableReplyException("the reply contains the delimiter at offset " + at
            + ": it would be read as several frames");
      }
      out.appendBuffer(payload).appendBytes(delim);
    };
  }

  /**
   * The first offset of {@code delimiter} in {@code payload}, or -1. Scans a copy of the bytes: one
   * bounds check and a copy instead of checks on every {@code getByte}, for every reply written.
   */
  private static int indexOf(Buffer payload, byte[] delimiter) {
    byte[] bytes = payload.getBytes();
    byte first = delimiter[0];
    int last = bytes.length - delimiter.length;
    for (int i = 0; i <= last; i++) {
      if (bytes[i] == first) {
        int k = 1;
        while (k < delimiter.length && bytes[i + k] == delimiter[k]) {
          k++;
        }
        if (k == delimiter.length) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public void handle(Buffer chunk) {
    if (stopped) {
      return;
    }
    int length = chunk.length();
    int from = 0;
    if (discarding) {
      from = endOfDiscard(chunk, length);
      if (from < 0) {
        return;
      }
      discarding = false;
    }
    if (from < length) {
      parse(from == 0 ? chunk : chunk.slice(from, length), length - from);
    }
  }

  private void parse(Buffer bytes, int count) {
    pending += count;
    parser.handle(bytes); // the parser copies what it keeps: the caller's chunk is not retained
    if (!stopped && pending > holdLimit) {
      undelimitedTooLong();
    }
  }

  private void onRecord(Buffer record) {
    if (draining) {
      draining = false;
      drained = record;
      pending = 0;
      parser.delimitedMode(delimiter); // also forgets the partial match: the matcher has it now
      return;
    }
    if (stopped) {
      return;
    }
    int length = record.length();
    pending -= length + delimiterLength;
    int frameLength = lines && length > 0 && record.getByte(length - 1) == '\r' ? length - 1 : length;
    if (frameLength > maxLength) {
      rejectWhole(new FrameTooLongException(maxLength + 1L, maxLength, false), record, 0);
    } else if (frameLength == length) {
      sink.frame(record, false);
    } else {
      // Buffer has no public way to shorten a record in place: a \r\n line costs a second copy.
      sink.frame(copyOf(record, 0, frameLength), false);
    }
  }

  /** The parser holds more undelimited bytes than any acceptable frame could leave there. */
  private void undelimitedTooLong() {
    FrameTooLongException error = new FrameTooLongException(maxLength + 1L, maxLength, false);
    if (onOversize == OversizePolicy.CLOSE) {
      stop();
      sink.error(error, true);
      return;
    }
    Buffer held = drain();
    // The held bytes may end with the start of the delimiter: let the matcher resume from there.
    matcher.reset();
    int heldLength = held.length();
    int tail = Math.min(delimiterLength - 1, heldLength);
    if (tail > 0) {
      matcher.find(held.getBytes(heldLength - tail, heldLength), 0, tail);
    }
    discarding = true;
    if (onOversize == OversizePolicy.SKIP) {
      sink.error(error, false);
    } else {
      Buffer head = copyOf(held, 0, maxLength);
      sink.error(error, false);
      sink.frame(head, true);
    }
  }

  /** Takes everything the parser holds out of it: the only way to make a RecordParser let go. */
  private Buffer drain() {
    draining = true;
    parser.fixedSizeMode(pending);
    parser.handle(NO_BYTES);
    Buffer held = drained;
    drained = null;
    return held;
  }

  /** Index in {@code chunk} just past the delimiter ending the discarded frame, or -1. */
  private int endOfDiscard(Buffer chunk, int length) {
    if (window == null) {
      window = new byte[DISCARD_WINDOW];
    }
    for (int offset = 0; offset < length; ) {
      int n = Math.min(window.length, length - offset);
      chunk.getBytes(offset, offset + n, window, 0);
      int end = matcher.find(window, 0, n);
      if (end >= 0) {
        return offset + end;
      }
      offset += n;
    }
    return -1;
  }

  @Override
  void stop() {
    stopped = true;
    parser.pause(); // no further record from the chunk being parsed
  }

  @Override
  public void end() {
    if (stopped) {
      return;
    }
    parse(NO_BYTES, 0); // whole records a throwing sink left unparsed are not truncated ones
    if (stopped) {
      return;
    }
    stop();
    if (pending > 0) {
      sink.truncatedAtEnd(pending);
    }
  }

  /** A frame being discarded (too long) has not ended either. */
  @Override
  public boolean inFrame() {
    return !stopped && (pending > 0 || discarding);
  }

  @Override
  int bufferedBytes() {
    return pending;
  }

  /**
   * The parser holds no byte (no partial frame, no partial delimiter: {@code pending} counts both)
   * and no oversize frame is being discarded (the matcher's state is then unused, and reset before
   * the next discard).
   */
  @Override
  public boolean replaceable() {
    return !stopped && pending == 0 && !discarding;
  }
}
