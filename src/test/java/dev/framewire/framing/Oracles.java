package dev.framewire.framing;

import static dev.framewire.testutil.RecordingSink.error;
import static dev.framewire.testutil.RecordingSink.frame;
import static dev.framewire.testutil.RecordingSink.truncated;
import static dev.framewire.testutil.RecordingSink.droppedAtEnd;

import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.RecordingSink.Event;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reference models: the events a whole stream must produce, computed the slow, obvious way (the
 * whole stream at hand, naive searches). Framers must match them in every chunking.
 */
final class Oracles {

  private Oracles() {}

  /** Collects events; {@code oversize} returns false when the policy stops the framer. */
  private static final class Out {
    final List<Event> events = new ArrayList<>();
    final OversizePolicy policy;
    final int max;

    Out(OversizePolicy policy, int max) {
      this.policy = policy;
      this.max = max;
    }

    boolean oversize(FrameTooLongException e, byte[] head) {
      events.add(error(FrameTooLongException.class, e.getMessage(), policy == OversizePolicy.CLOSE));
      if (policy == OversizePolicy.TRUNCATE && head != null) {
        events.add(truncated(head));
      }
      return policy != OversizePolicy.CLOSE;
    }
  }

  static int indexOf(byte[] stream, byte[] delimiter, int from) {
    outer:
    for (int i = from; i + delimiter.length <= stream.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (stream[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static List<Event> delimited(byte[] stream, byte[] delimiter, boolean lines, int max,
      OversizePolicy policy) {
    Out out = new Out(policy, max);
    int pos = 0;
    for (int at; (at = indexOf(stream, delimiter, pos)) >= 0; pos = at + delimiter.length) {
      int end = lines && at > pos && stream[at - 1] == '\r' ? at - 1 : at;
      if (end - pos > max) {
        if (!out.oversize(new FrameTooLongException(max + 1L, max, false),
            Arrays.copyOfRange(stream, pos, pos + max))) {
          return out.events;
        }
      } else {
        out.events.add(frame(Arrays.copyOfRange(stream, pos, end)));
      }
    }
    int rest = stream.length - pos;
    int holdLimit = lines ? max + 1 : max + delimiter.length - 1;
    if (rest > holdLimit) {
      out.oversize(new FrameTooLongException(max + 1L, max, false),
          Arrays.copyOfRange(stream, pos, pos + max));
    } else if (rest > 0) {
      out.events.add(droppedAtEnd(rest));
    }
    return out.events;
  }

  static List<Event> lengthPrefixed(byte[] stream, int headerBytes, ByteOrder order,
      boolean includesHeader, int max, OversizePolicy policy) {
    Out out = new Out(policy, max);
    int pos = 0;
    while (pos < stream.length) {
      if (stream.length - pos < headerBytes) {
        out.events.add(droppedAtEnd(stream.length - pos));
        return out.events;
      }
      long value = 0;
      for (int i = 0; i < headerBytes; i++) {
        int b = stream[pos + (order == ByteOrder.BIG_ENDIAN ? i : headerBytes - 1 - i)] & 0xFF;
        value = (value << 8) | b;
      }
      if (value < 0) {
        out.events.add(error(CorruptFrameException.class,
            "length-prefixed: negative length " + value + " in the 8-byte header", true));
        return out.events;
      }
      if (includesHeader) {
        if (value < headerBytes) {
          out.events.add(error(CorruptFrameException.class, "length-prefixed: length " + value
              + " is shorter than the " + headerBytes + "-byte header it includes", true));
          return out.events;
        }
        value -= headerBytes;
      }
      pos = body(out, stream, pos, headerBytes, value);
      if (pos < 0) {
        return out.events;
      }
    }
    return out.events;
  }

  /** The body after a header read at [start, start + headerBytes); next position or -1 when done. */
  private static int body(Out out, byte[] stream, int start, int headerBytes, long length) {
    int pos = start + headerBytes;
    long available = stream.length - pos;
    if (length > out.max) {
      boolean full = available >= out.max;
      if (!out.oversize(new FrameTooLongException(length, out.max, true),
          full ? Arrays.copyOfRange(stream, pos, pos + out.max) : null)) {
        return -1;
      }
      if (out.policy == OversizePolicy.TRUNCATE && !full) {
        out.events.add(droppedAtEnd(headerBytes + (int) available));
        return -1;
      }
      return available <= length ? -1 : pos + (int) length;
    }
    if (available < length) {
      out.events.add(droppedAtEnd(headerBytes + (int) available));
      return -1;
    }
    out.events.add(frame(Arrays.copyOfRange(stream, pos, pos + (int) length)));
    return pos + (int) length;
  }

  static List<Event> octetCounting(byte[] stream, int max, OversizePolicy policy) {
    Out out = new Out(policy, max);
    String tooMany = "octet-counting: no space after 8 bytes of octet count (at most 8 digits)";
    int pos = 0;
    while (pos < stream.length) {
      int space = indexOf(stream, new byte[] {' '}, pos);
      int headerEnd = space < 0 ? stream.length : space;
      if (headerEnd - pos > 8) {
        out.events.add(error(CorruptFrameException.class, tooMany, true));
        return out.events;
      }
      if (space < 0) {
        out.events.add(droppedAtEnd(stream.length - pos));
        return out.events;
      }
      if (space == pos) {
        out.events.add(error(CorruptFrameException.class,
            "octet-counting: empty octet count (a space where the count should start)", true));
        return out.events;
      }
      long length = 0;
      for (int i = pos; i < space; i++) {
        byte b = stream[i];
        if (b < '0' || b > '9') {
          out.events.add(error(CorruptFrameException.class, String.format(
              "octet-counting: octet count has a non-digit byte 0x%02x at offset %d", b & 0xFF,
              i - pos), true));
          return out.events;
        }
        if (i == pos && b == '0') {
          out.events.add(error(CorruptFrameException.class,
              "octet-counting: octet count starts with 0", true));
          return out.events;
        }
        length = length * 10 + (b - '0');
      }
      pos = body(out, stream, pos, space + 1 - pos, length);
      if (pos < 0) {
        return out.events;
      }
    }
    return out.events;
  }
}
