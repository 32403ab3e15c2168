package dev.framewire.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.Chunkings;
import dev.framewire.testutil.Chunkings.Chunking;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import dev.framewire.testutil.Tries;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Properties of every framing type over generated cases: a random configuration (small
 * {@code maxLength}, so that limits are hit often, and every oversize policy), a random stream and
 * a random chunking, each case from its own seed ({@link Tries}).
 *
 * <ul>
 *   <li>Frames written by a framing's encoder, fed in any chunking, come back exactly: no error,
 *       nothing dropped at the end.</li>
 *   <li>Any byte stream (bytes that mean something to some framing, arbitrary bytes, well-formed
 *       frames with junk between them), in any chunking, with or without end of stream, yields
 *       exactly what the framing's reference model says ({@link Oracles}, and the small models below
 *       for {@code raw}, {@code fixed} and {@code datagram}): frames no longer than
 *       {@code maxLength}, errors only {@link FrameTooLongException} or
 *       {@link CorruptFrameException}, nothing after a fatal one. No other exception leaves the
 *       framer, and after every chunk a live framer holds at most {@code maxLength} plus one
 *       delimiter or header ({@link FramerHarness#run} checks each chunk).</li>
 * </ul>
 *
 * Tries are bounded (a few thousand per property, well under a second each). The coverage-guided search over
 * the same framers is {@link FramerFuzzTest}.
 */
class FramerPropertiesTest {

  /** Bytes that mean something to some framing (delimiters, digits, space, small and huge lengths). */
  private static final byte[] ALPHABET = {0, 1, 2, 3, 8, '\n', '\r', ' ', '0', '1', '5', '9', 'a',
      'b', '-', 0x7F, (byte) 0x80, (byte) 0xFF};

  /** A framing and its oversize policy. */
  record Setup(FramingConfig config, OversizePolicy policy) {
    @Override
    public String toString() {
      return config + ", " + policy;
    }
  }

  @Test
  void encodedFramesDecodeExactlyInAnyChunking() {
    Tries.run(3000, random -> {
      Setup setup = setup(random);
      FramingConfig config = setup.config();
      FrameEncoder encoder = Framings.encoder(config);
      List<byte[]> payloads = new ArrayList<>();
      List<byte[]> writes = new ArrayList<>();
      Buffer stream = Buffer.buffer();
      for (int i = random.nextInt(13); i > 0; i--) {
        byte[] payload = payload(config, random);
        if (payload == null) {
          continue;
        }
        payloads.add(payload);
        int from = stream.length();
        encoder.encode(Buffer.buffer(payload), stream);
        writes.add(stream.getBytes(from, stream.length()));
      }
      Chunking chunking = switch (config.type()) {
        // no boundaries in the bytes: a reply is one write, one datagram
        case RAW, DATAGRAM -> new Chunking("one chunk per reply", writes);
        default -> chunked(stream.getBytes(), chunkSizes(random));
      };
      List<Event> expected = payloads.stream().map(RecordingSink::frame).map(Event.class::cast).toList();
      assertThat(FramerHarness.run(config, setup.policy(), chunking, true))
          .as("%s, %s", setup, chunking).containsExactlyElementsOf(expected);
    });
  }

  @Test
  void anyStreamInAnyChunkingMatchesTheModel() {
    Tries.run(4000, random -> {
      Setup setup = setup(random);
      byte[] stream = random.nextBoolean() ? bytes(random, 0, 200) : anyBytes(random, 200);
      checkAgainstTheModel(setup, stream, chunkSizes(random), random.nextInt(4) != 0);
    });
  }

  @Test
  void framesWithJunkBetweenThemMatchTheModel() {
    Tries.run(3000, random -> {
      Setup setup = setup(random);
      FramingConfig config = setup.config();
      FrameEncoder encoder = Framings.encoder(config);
      Buffer stream = Buffer.buffer();
      for (int i = 1 + random.nextInt(8); i > 0; i--) {
        byte[] payload = payload(config, random);
        if (payload != null) {
          encoder.encode(Buffer.buffer(payload), stream);
        }
        if (random.nextInt(3) == 0) {
          stream.appendBytes(bytes(random, 1, 6));
        }
      }
      checkAgainstTheModel(setup, stream.getBytes(), chunkSizes(random), true);
    });
  }

  /** Zeros and 0xFF only: empty and absurd lengths, no delimiter, byte by byte. */
  @Test
  void extremeHeadersByteByByte() {
    Tries.run(1000, random -> {
      byte[] stream = new byte[random.nextInt(65)];
      for (int i = 0; i < stream.length; i++) {
        stream[i] = random.nextBoolean() ? 0 : (byte) 0xFF;
      }
      checkAgainstTheModel(setup(random), stream, List.of(1), true);
    });
  }

  @Test
  void everyFramingTypeAndPolicyIsGenerated() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    Tries.run(1000, random -> {
      Setup setup = setup(random);
      seen.add(setup.config().type() + "/" + setup.policy());
    });
    // fixed framing has no oversize policy (its frames are never too long): close only
    assertThat(seen).hasSize(6 * 3 + 1);
  }

  private static void checkAgainstTheModel(Setup setup, byte[] stream, List<Integer> sizes,
      boolean end) {
    checkAgainstTheModel(setup, chunked(stream, sizes), end);
  }

  /** The framer's events for this chunking (ended or not) are the model's, and well-behaved. */
  static void checkAgainstTheModel(Setup setup, Chunking chunking, boolean end) {
    FramingConfig config = setup.config();
    byte[] stream = Chunkings.concat(chunking.chunks().toArray(byte[][]::new));
    List<Event> events = FramerHarness.run(config, setup.policy(), chunking, end);
    String what = setup + ", " + chunking + ", end " + end + ", stream " + HexFormat.of().formatHex(stream);
    assertWellBehaved(config, events, what);
    List<Event> expected = model(setup, stream, chunking);
    if (!end) {
      expected = expected.stream().filter(e -> !(e instanceof RecordingSink.TruncatedAtEnd)).toList();
    }
    assertThat(events).as(what).containsExactlyElementsOf(expected);
  }

  /** Frames within the limit, errors only of the two framing kinds, nothing after a fatal one. */
  static void assertWellBehaved(FramingConfig config, List<Event> events, String what) {
    boolean fatalSeen = false;
    for (Event event : events) {
      assertThat(fatalSeen).as("an event after a fatal error: %s; %s", events, what).isFalse();
      if (event instanceof RecordingSink.Frame frame) {
        assertThat(frame.bytes().length).as(what).isLessThanOrEqualTo(config.maxLength());
        if (frame.truncated()) {
          assertThat(frame.bytes()).as(what).hasSize(config.maxLength());
        }
      } else if (event instanceof RecordingSink.Error error) {
        assertThat(error.type()).as(what).isIn(FrameTooLongException.class, CorruptFrameException.class);
        // a datagram framer drops the rest of that datagram only
        fatalSeen = error.fatal() && config.type() != FramingType.DATAGRAM;
      }
    }
  }

  // -- reference models

  /** What the framer must report for this stream (and, for raw and datagram, this chunking). */
  static List<Event> model(Setup setup, byte[] stream, Chunking chunking) {
    FramingConfig c = setup.config();
    OversizePolicy p = setup.policy();
    return switch (c.type()) {
      case DELIMITED -> Oracles.delimited(stream, c.delimiter(), false, c.maxLength(), p);
      case LINES -> Oracles.delimited(stream, new byte[] {'\n'}, true, c.maxLength(), p);
      case LENGTH_PREFIXED -> Oracles.lengthPrefixed(stream, c.headerBytes(), c.byteOrder(),
          c.lengthIncludesHeader(), c.maxLength(), p);
      case OCTET_COUNTING -> Oracles.octetCounting(stream, c.maxLength(), p);
      case FIXED -> fixedModel(stream, c.size());
      case RAW -> rawModel(chunking, c.maxLength(), p);
      case DATAGRAM -> datagramModel(chunking, c.delimiter(), c.maxLength(), p);
    };
  }

  private static List<Event> fixedModel(byte[] stream, int size) {
    List<Event> events = new ArrayList<>();
    int pos = 0;
    for (; pos + size <= stream.length; pos += size) {
      events.add(RecordingSink.frame(Arrays.copyOfRange(stream, pos, pos + size)));
    }
    if (pos < stream.length) {
      events.add(RecordingSink.droppedAtEnd(stream.length - pos));
    }
    return events;
  }

  private static List<Event> rawModel(Chunking chunking, int max, OversizePolicy policy) {
    List<Event> events = new ArrayList<>();
    for (byte[] chunk : chunking.chunks()) {
      if (chunk.length > 0 && !piece(events, chunk, 0, chunk.length, max, policy,
          "chunk of " + chunk.length + " bytes exceeds maxLength " + max)) {
        return events;
      }
    }
    return events;
  }

  /** Each chunk is a datagram: split by the delimiter (if any), leftmost match first. */
  private static List<Event> datagramModel(Chunking chunking, byte[] delimiter, int max,
      OversizePolicy policy) {
    List<Event> events = new ArrayList<>();
    for (byte[] datagram : chunking.chunks()) {
      if (delimiter == null) {
        datagramPiece(events, datagram, 0, datagram.length, max, policy);
        continue;
      }
      int start = 0;
      boolean goOn = true;
      for (int at; goOn && (at = Oracles.indexOf(datagram, delimiter, start)) >= 0;
          start = at + delimiter.length) {
        goOn = datagramPiece(events, datagram, start, at, max, policy);
      }
      if (goOn && start < datagram.length) {
        datagramPiece(events, datagram, start, datagram.length, max, policy);
      }
    }
    return events;
  }

  private static boolean datagramPiece(List<Event> events, byte[] bytes, int from, int to, int max,
      OversizePolicy policy) {
    return piece(events, bytes, from, to, max, policy,
        "datagram frame of " + (to - from) + " bytes exceeds maxLength " + max);
  }

  /** One whole frame {@code bytes[from, to)}; false when the policy stops the framer (close). */
  private static boolean piece(List<Event> events, byte[] bytes, int from, int to, int max,
      OversizePolicy policy, String tooLong) {
    if (to - from <= max) {
      events.add(RecordingSink.frame(Arrays.copyOfRange(bytes, from, to)));
      return true;
    }
    events.add(RecordingSink.error(FrameTooLongException.class, tooLong, policy == OversizePolicy.CLOSE));
    if (policy == OversizePolicy.TRUNCATE) {
      events.add(RecordingSink.truncated(Arrays.copyOfRange(bytes, from, from + max)));
    }
    return policy != OversizePolicy.CLOSE;
  }

  // -- generators

  /** Any framing type with random parameters, and any oversize policy that applies to it. */
  static Setup setup(Random random) {
    return setup(random::nextInt);
  }

  /**
   * A setup from {@code pick} ({@code bound -> a number in [0, bound)}): a {@link Random}, or a
   * fuzzer's data so that it can steer the choices.
   */
  static Setup setup(IntUnaryOperator pick) {
    FramingType type = FramingType.values()[pick.applyAsInt(FramingType.values().length)];
    int max = switch (pick.applyAsInt(5)) {
      case 0 -> 1;
      case 1 -> 48;
      default -> 1 + pick.applyAsInt(48);
    };
    FramingConfig config = FramingConfig.of(type).withMaxLength(max);
    config = switch (type) {
      case RAW, LINES, OCTET_COUNTING -> config;
      case DELIMITED -> config.withDelimiter(delimiter(pick));
      case DATAGRAM -> pick.applyAsInt(3) == 0 ? config : config.withDelimiter(delimiter(pick));
      case FIXED -> config.withSize(1 + pick.applyAsInt(max));
      case LENGTH_PREFIXED -> config.withHeader(new int[] {1, 2, 4, 8}[pick.applyAsInt(4)],
          pick.applyAsInt(2) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, pick.applyAsInt(2) == 0);
    };
    OversizePolicy policy = type == FramingType.FIXED ? OversizePolicy.CLOSE
        : OversizePolicy.values()[pick.applyAsInt(OversizePolicy.values().length)];
    return new Setup(config, policy);
  }

  /** Common delimiters, self-overlapping ones ({@code aab}, {@code 00 00}) and random ones. */
  private static byte[] delimiter(IntUnaryOperator pick) {
    return switch (pick.applyAsInt(6)) {
      case 0 -> new byte[] {'\n'};
      case 1 -> new byte[] {'\r', '\n'};
      case 2 -> new byte[] {0, 0};
      case 3 -> new byte[] {'a', 'a', 'b'};
      default -> {
        byte[] bytes = new byte[1 + pick.applyAsInt(4)];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = ALPHABET[pick.applyAsInt(ALPHABET.length)];
        }
        yield bytes;
      }
    };
  }

  /** {@code min..max} bytes drawn from {@link #ALPHABET}. */
  static byte[] bytes(Random random, int min, int max) {
    byte[] bytes = new byte[min + random.nextInt(max - min + 1)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return bytes;
  }

  private static byte[] anyBytes(Random random, int max) {
    byte[] bytes = new byte[random.nextInt(max + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Chunk sizes, used in turn: mostly small, some large, one in ten an empty chunk. */
  static List<Integer> chunkSizes(Random random) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1 + random.nextInt(16); i > 0; i--) {
      int kind = random.nextInt(10);
      sizes.add(kind == 0 ? 0 : kind < 7 ? 1 + random.nextInt(8) : 9 + random.nextInt(300));
    }
    sizes.add(1 + random.nextInt(8)); // never all empty
    return sizes;
  }

  /** A random payload the framing can carry ({@link #fit}), or null. */
  private static byte[] payload(FramingConfig config, Random random) {
    return fit(config, bytes(random, 0, 2 * config.maxLength()));
  }

  /**
   * {@code seed} made into a payload the encoder takes and the framer gives back unchanged, or null
   * to leave this one out: cut to {@code maxLength} (exactly {@code size} for fixed), no delimiter
   * inside (nor one formed with the delimiter that follows), not empty where a framing cannot carry
   * an empty frame, no trailing {@code \r} for lines.
   */
  static byte[] fit(FramingConfig config, byte[] seed) {
    byte[] payload = Arrays.copyOf(seed, Math.min(seed.length, config.maxLength()));
    return switch (config.type()) {
      case FIXED -> Arrays.copyOf(seed, config.size());
      case RAW, OCTET_COUNTING -> payload.length == 0 ? null : payload;
      case LENGTH_PREFIXED -> payload;
      case DATAGRAM -> {
        byte[] d = config.delimiter();
        yield d == null ? payload
            : payload.length == 0 || Oracles.indexOf(payload, d, 0) >= 0 ? null : payload;
      }
      case DELIMITED -> {
        byte[] d = config.delimiter();
        yield Oracles.indexOf(Chunkings.concat(payload, d), d, 0) == payload.length ? payload : null;
      }
      case LINES -> Oracles.indexOf(payload, new byte[] {'\n'}, 0) < 0
          && (payload.length == 0 || payload[payload.length - 1] != '\r') ? payload : null;
    };
  }

  /** {@code stream} cut by {@code sizes}, taken in turn (and again from the start) until it ends. */
  static Chunking chunked(byte[] stream, List<Integer> sizes) {
    List<byte[]> chunks = new ArrayList<>();
    int from = 0;
    for (int i = 0; from < stream.length; i++) {
      int to = Math.min(stream.length, from + sizes.get(i % sizes.size()));
      chunks.add(Arrays.copyOfRange(stream, from, to));
      from = to;
    }
    return new Chunking("chunk sizes " + sizes, chunks);
  }
}
