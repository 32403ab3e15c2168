package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;

/**
 * {@code datagram} (UDP): each {@link #handle(Buffer)} call receives one whole datagram.
 *
 * <p>Without a delimiter the datagram is one frame (an empty datagram is an empty frame):
 * <pre>
 * BEFORE (2 datagrams)                   AFTER (2 frames)
 * +-----------+ +-----+                  +-----------+ +-----+
 * | ping 1234 | | pong|       -----&gt;     | ping 1234 | | pong|
 * +-----------+ +-----+                  +-----------+ +-----+
 * </pre>
 *
 * <p>With a delimiter ({@code \n} here) the datagram is split by it. Two delimiters in a row give an
 * empty frame; a trailing delimiter does not; the bytes after the last delimiter are a frame if
 * there are any. Nothing carries over to the next datagram:
 * <pre>
 * BEFORE (1 datagram)                    AFTER (4 frames)
 * +-----------------------+              +---+ +--+ +---+ +---+
 * | a=1\n\nb=2\nc=3       |   -----&gt;     |a=1| |  | |b=2| |c=3|
 * +-----------------------+              +---+ +--+ +---+ +---+
 * BEFORE                                 AFTER
 * +---------+                            +---+
 * | a=1\n   |                 -----&gt;     |a=1|
 * +---------+                            +---+
 * </pre>
 *
 * <p>Each frame longer than {@code maxLength} follows the oversize policy. Under {@code close} the
 * error is fatal for that datagram only: its remaining frames are dropped, but as the framer keeps
 * no state between datagrams it frames the next one normally (there is no connection to close).
 * The encoder writes the payload as is, without a delimiter: a reply is one datagram.
 */
final class DatagramFramer extends StatelessFramer {
  private final DelimiterMatcher matcher; // null: the whole datagram is one frame
  private final int delimiterLength;
  /** Reused copy of the datagram being split, so the scan reads an array, not a Buffer per byte. */
  private byte[] scratch = new byte[0];

  DatagramFramer(byte[] delimiter, int maxLength, OversizePolicy onOversize, FrameSink sink) {
    super(maxLength, onOversize, sink);
    this.matcher = delimiter == null ? null : new DelimiterMatcher(delimiter);
    this.delimiterLength = delimiter == null ? 0 : delimiter.length;
  }

  static FrameEncoder encoder(int maxLength) {
    return RawFramer.encoder(maxLength);
  }

  @Override
  public void handle(Buffer datagram) {
    if (stopped) {
      return;
    }
    int length = datagram.length();
    if (matcher == null) {
      deliver(datagram, 0, length);
      return;
    }
    if (scratch.length < length) {
      scratch = new byte[length];
    }
    datagram.getBytes(0, length, scratch, 0);
    matcher.reset();
    int start = 0;
    while (start < length) {
      int next = matcher.find(scratch, start, length);
      if (next < 0) {
        break;
      }
      if (!deliver(datagram, start, next - delimiterLength)) {
        return;
      }
      start = next;
    }
    if (start < length) {
      deliver(datagram, start, length);
    }
  }

  /** Returns false when the rest of the datagram must be dropped (oversize under close). */
  private boolean deliver(Buffer datagram, int from, int to) {
    int length = to - from;
    if (length <= maxLength) {
      sink.frame(copyOf(datagram, from, to), false);
      return true;
    }
    FrameTooLongException error = new FrameTooLongException(
        "datagram frame of " + length + " bytes exceeds maxLength " + maxLength, length, maxLength);
    switch (onOversize) {
      case CLOSE -> {
        sink.error(error, true);
        return false;
      }
      case SKIP -> sink.error(error, false);
      case TRUNCATE -> {
        Buffer head = copyOf(datagram, from, from + maxLength);
        sink.error(error, false);
        sink.frame(head, true);
      }
    }
    return true;
  }
}
