package dev.framewire.framing;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Makes the {@link Framer} and {@link FrameEncoder} for a {@link FramingConfig}.
 *
 * <p>One class per framing type, each documented with a byte diagram: {@code raw}
 * ({@link RawFramer}), {@code delimited} and {@code lines} ({@link DelimitedFramer}), {@code fixed}
 * ({@link FixedFramer}), {@code length-prefixed} ({@link LengthPrefixedFramer}),
 * {@code octet-counting} ({@link OctetCountingFramer}), {@code datagram} ({@link DatagramFramer}).
 *
 * <p>Oversize frames (more than {@code maxLength} bytes) follow the listener's
 * {@link OversizePolicy}. Under {@code truncate} the sink always sees the error first, then the
 * truncated frame (see {@link FrameSink}). A corrupt header is always fatal.
 *
 * <p>Both factories check the configuration and throw {@link IllegalArgumentException} (or
 * {@link NullPointerException}) for a value config validation should have rejected: a
 * {@code maxLength} outside 1..16 MiB, a missing or empty delimiter for {@code delimited}, an empty
 * delimiter for {@code datagram}, a {@code fixed} size outside 1..maxLength, a header size other than
 * 1, 2, 4 or 8. The {@code lines} framing always uses {@code \n} and ignores
 * {@link FramingConfig#delimiter()}.
 *
 * <p>Every encoder refuses a reply longer than {@code maxLength} ({@link FrameTooLongException}).
 */
public final class Framings {

  private Framings() {}

  /**
   * A new framer for one TCP connection (or, for {@code datagram}, for the datagrams of a listener:
   * it carries no state between datagrams).
   *
   * @param config the listener's framing
   * @param onOversize what to do with a frame longer than {@code config.maxLength()}
   * @param sink receives the frames and errors, on the thread that feeds the framer
   */
  public static Framer newFramer(FramingConfig config, OversizePolicy onOversize, FrameSink sink) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(onOversize, "onOversize");
    Objects.requireNonNull(sink, "sink");
    int max = maxLength(config);
    return switch (type(config)) {
      case RAW -> new RawFramer(max, onOversize, sink);
      case DELIMITED -> DelimitedFramer.delimited(delimiter(config), max, onOversize, sink);
      case LINES -> DelimitedFramer.lines(max, onOversize, sink);
      case FIXED -> new FixedFramer(config.size(), max, sink);
      case LENGTH_PREFIXED -> new LengthPrefixedFramer(config.headerBytes(), byteOrder(config),
          config.lengthIncludesHeader(), max, onOversize, sink);
      case OCTET_COUNTING -> new OctetCountingFramer(max, onOversize, sink);
      case DATAGRAM -> new DatagramFramer(config.delimiter(), max, onOversize, sink);
    };
  }

  /** The encoder for replies in this framing; stateless, thread-safe, may be shared. */
  public static FrameEncoder encoder(FramingConfig config) {
    Objects.requireNonNull(config, "config");
    int max = maxLength(config);
    return switch (type(config)) {
      case RAW -> RawFramer.encoder(max);
      case DELIMITED -> DelimitedFramer.encoder(delimiter(config), max);
      case LINES -> DelimitedFramer.linesEncoder(max);
      case FIXED -> FixedFramer.encoder(config.size(), max);
      case LENGTH_PREFIXED -> LengthPrefixedFramer.encoder(config.headerBytes(), byteOrder(config),
          config.lengthIncludesHeader(), max);
      case OCTET_COUNTING -> OctetCountingFramer.encoder(max);
      case DATAGRAM -> {
        if (config.delimiter() != null && config.delimiter().length == 0) {
          throw new IllegalArgumentException("datagram delimiter must not be empty");
        }
        yield DatagramFramer.encoder(max);
      }
    };
  }

  private static FramingType type(FramingConfig config) {
    return Objects.requireNonNull(config.type(), "config.type");
  }

  private static int maxLength(FramingConfig config) {
    int max = config.maxLength();
    if (max < 1 || max > FramingConfig.MAX_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maxLength must be 1.." + FramingConfig.MAX_MAX_LENGTH + ", was " + max);
    }
    return max;
  }

  private static byte[] delimiter(FramingConfig config) {
    byte[] delimiter = config.delimiter();
    if (delimiter == null || delimiter.length == 0) {
      throw new IllegalArgumentException("delimited framing needs a non-empty delimiter");
    }
    return delimiter;
  }

  private static ByteOrder byteOrder(FramingConfig config) {
    return Objects.requireNonNull(config.byteOrder(), "config.byteOrder");
  }
}
