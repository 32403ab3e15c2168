package dev.framewire.testutil;

import dev.framewire.framing.FrameSink;
import dev.framewire.framing.FramingException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link FrameSink} that records, in one ordered list, every frame (its bytes at delivery and the
 * truncated flag), every error (class, message, fatal) and every {@code truncatedAtEnd}. It also
 * keeps the delivered buffers, so {@link #deliveredBuffersUnchanged()} can tell whether the framer
 * touched a buffer after handing it over. Optionally it throws after recording chosen events, to
 * check that a throwing sink leaves the framer consistent.
 */
public final class RecordingSink implements FrameSink {

  /** What the framer reported. */
  public sealed interface Event permits Frame, Error, TruncatedAtEnd {}

  /** A frame; {@code bytes} as they were when delivered. */
  public record Frame(byte[] bytes, boolean truncated) implements Event {
    @Override
    public boolean equals(Object o) {
      return o instanceof Frame f && f.truncated == truncated && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes) * 31 + Boolean.hashCode(truncated);
    }

    @Override
    public String toString() {
      return (truncated ? "TruncatedFrame[" : "Frame[") + printable(bytes) + "]";
    }
  }

  public record Error(Class<? extends FramingException> type, String message, boolean fatal)
      implements Event {
    @Override
    public String toString() {
      return "Error[" + type.getSimpleName() + ": " + message + (fatal ? ", fatal]" : "]");
    }
  }

  public record TruncatedAtEnd(int bytesDropped) implements Event {}

  /** Thrown by a sink built with {@link #throwingAfter}. */
  public static final class SinkFailure extends RuntimeException {
    SinkFailure() {
      super("sink failure (test)", null, false, false);
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final List<Buffer> delivered = new ArrayList<>();
  private final List<byte[]> deliveredBytes = new ArrayList<>();
  private final Predicate<Event> throwAfter;

  public RecordingSink() {
    this(e -> false);
  }

  private RecordingSink(Predicate<Event> throwAfter) {
    this.throwAfter = throwAfter;
  }

  /** A sink that throws {@link SinkFailure} right after recording each event matching {@code when}. */
  public static RecordingSink throwingAfter(Predicate<Event> when) {
    return new RecordingSink(when);
  }

  @Override
  public void frame(Buffer frame, boolean truncated) {
    byte[] bytes = frame.getBytes();
    delivered.add(frame);
    deliveredBytes.add(bytes);
    record(new Frame(bytes, truncated));
  }

  @Override
  public void error(FramingException error, boolean fatal) {
    record(new Error(error.getClass(), error.getMessage(), fatal));
  }

  @Override
  public void truncatedAtEnd(int bytesDropped) {
    record(new TruncatedAtEnd(bytesDropped));
  }

  private void record(Event event) {
    events.add(event);
    if (throwAfter.test(event)) {
      throw new SinkFailure();
    }
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The frames' bytes, in order. */
  public List<byte[]> frames() {
    return events.stream().filter(Frame.class::isInstance).map(e -> ((Frame) e).bytes()).toList();
  }

  /** The frames as ISO-8859-1 strings, in order. */
  public List<String> frameStrings() {
    return frames().stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
  }

  public List<Error> errors() {
    return events.stream().filter(Error.class::isInstance).map(Error.class::cast).toList();
  }

  /** Whether every delivered buffer still holds the bytes it had when delivered. */
  public boolean deliveredBuffersUnchanged() {
    for (int i = 0; i < delivered.size(); i++) {
      if (!Arrays.equals(delivered.get(i).getBytes(), deliveredBytes.get(i))) {
        return false;
      }
    }
    return true;
  }

  public void clear() {
    events.clear();
    delivered.clear();
    deliveredBytes.clear();
  }

  // -- expected events, for assertions

  public static Frame frame(String latin1) {
    return new Frame(latin1.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  public static Frame frame(byte[] bytes) {
    return new Frame(bytes.clone(), false);
  }

  public static Frame truncated(String latin1) {
    return new Frame(latin1.getBytes(StandardCharsets.ISO_8859_1), true);
  }

  public static Frame truncated(byte[] bytes) {
    return new Frame(bytes.clone(), true);
  }

  public static Error error(Class<? extends FramingException> type, String message, boolean fatal) {
    return new Error(type, message, fatal);
  }

  /** The expected {@code truncatedAtEnd(bytesDropped)} event. */
  public static TruncatedAtEnd droppedAtEnd(int bytesDropped) {
    return new TruncatedAtEnd(bytesDropped);
  }

  private static String printable(byte[] bytes) {
    if (bytes.length > 64) {
      return bytes.length + " bytes, starting " + printable(Arrays.copyOf(bytes, 32));
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      if (b >= 0x20 && b < 0x7F && b != '\\') {
        sb.append((char) b);
      } else {
        sb.append("\\x").append(HexFormat.of().toHexDigits(b));
      }
    }
    return sb.toString();
  }
}
