package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.assertEveryChunking;
import static dev.framewire.framing.FramerHarness.assertSampledChunkings;
import static dev.framewire.framing.FramerHarness.bytes;
import static dev.framewire.testutil.Chunkings.concat;
import static dev.framewire.testutil.RecordingSink.error;
import static dev.framewire.testutil.RecordingSink.frame;
import static dev.framewire.testutil.RecordingSink.truncated;
import static dev.framewire.testutil.RecordingSink.droppedAtEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LengthPrefixedFramerTest {
  private static final FramingConfig BASE = FramingConfig.of(FramingType.LENGTH_PREFIXED);

  static FramingConfig config(int headerBytes, ByteOrder order, boolean includesHeader, int max) {
    return BASE.withHeader(headerBytes, order, includesHeader).withMaxLength(max);
  }

  /** A header holding {@code value} in {@code headerBytes} bytes (the low bytes of the long). */
  static byte[] header(long value, int headerBytes, ByteOrder order) {
    byte[] eight = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(value).array();
    byte[] header = java.util.Arrays.copyOfRange(eight, 8 - headerBytes, 8);
    if (order == ByteOrder.LITTLE_ENDIAN) {
      for (int i = 0; i < headerBytes / 2; i++) {
        byte t = header[i];
        header[i] = header[headerBytes - 1 - i];
        header[headerBytes - 1 - i] = t;
      }
    }
    return header;
  }

  /** One frame: header then body, the header counting itself if asked. */
  static byte[] framed(String body, int headerBytes, ByteOrder order, boolean includesHeader) {
    byte[] b = bytes(body);
    return concat(header(b.length + (includesHeader ? headerBytes : 0), headerBytes, order), b);
  }

  static Stream<Arguments> headers() {
    List<Arguments> all = new ArrayList<>();
    for (int headerBytes : new int[] {1, 2, 4, 8}) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
        for (boolean includes : new boolean[] {false, true}) {
          all.add(Arguments.of(headerBytes, order, includes));
        }
      }
    }
    return all.stream();
  }

  @Test
  void headersAreReadInTheConfiguredByteOrder() {
    assertEveryChunking(config(2, ByteOrder.BIG_ENDIAN, false, 100), OversizePolicy.CLOSE,
        concat(new byte[] {0x00, 0x05}, bytes("hello")), List.of(frame("hello")));
    assertEveryChunking(config(2, ByteOrder.LITTLE_ENDIAN, false, 100), OversizePolicy.CLOSE,
        concat(new byte[] {0x05, 0x00}, bytes("hello")), List.of(frame("hello")));
    // 01 02 00 00 little-endian is 0x201 = 513 (big-endian it would be 16 MiB + ...)
    assertEveryChunking(config(4, ByteOrder.LITTLE_ENDIAN, false, 500), OversizePolicy.CLOSE,
        concat(new byte[] {0x01, 0x02, 0, 0}, bytes("x")),
        List.of(error(FrameTooLongException.class,
            new FrameTooLongException(513, 500, true).getMessage(), true)));
  }

  @ParameterizedTest(name = "{0}-byte {1} includesHeader={2}")
  @MethodSource("headers")
  void framesInEveryChunking(int headerBytes, ByteOrder order, boolean includes) {
    byte[] stream = concat(framed("HELLO, WORLD", headerBytes, order, includes),
        framed("", headerBytes, order, includes),
        framed("x", headerBytes, order, includes),
        framed("", headerBytes, order, includes),
        framed("partial", headerBytes, order, includes));
    byte[] cut = java.util.Arrays.copyOf(stream, stream.length - 3);
    assertEveryChunking(config(headerBytes, order, includes, 64), OversizePolicy.CLOSE, cut,
        List.of(frame("HELLO, WORLD"), frame(""), frame("x"), frame(""),
            droppedAtEnd(headerBytes + 4)));
  }

  @ParameterizedTest(name = "{0}-byte {1} includesHeader={2}")
  @MethodSource("headers")
  void aPartialHeaderAtEndIsCounted(int headerBytes, ByteOrder order, boolean includes) {
    byte[] stream = concat(framed("a", headerBytes, order, includes),
        java.util.Arrays.copyOf(framed("b", headerBytes, order, includes), headerBytes - 1));
    List<Event> expected = headerBytes == 1 ? List.of(frame("a"))
        : List.of(frame("a"), droppedAtEnd(headerBytes - 1));
    assertEveryChunking(config(headerBytes, order, includes, 64), OversizePolicy.CLOSE, stream,
        expected);
  }

  @ParameterizedTest(name = "{0}-byte {1} includesHeader={2}, {3}")
  @MethodSource("headersAndPolicies")
  void maxLengthExactlyMinusOneAndPlusOne(int headerBytes, ByteOrder order, boolean includes,
      OversizePolicy policy) {
    int max = 10;
    FramingConfig config = config(headerBytes, order, includes, max);
    byte[] stream = concat(framed("0123456789", headerBytes, order, includes),
        framed("012345678", headerBytes, order, includes),
        framed("0123456789A", headerBytes, order, includes),
        framed("next", headerBytes, order, includes));
    List<Event> expected = new ArrayList<>(List.of(frame("0123456789"), frame("012345678")));
    expected.add(error(FrameTooLongException.class,
        new FrameTooLongException(11, max, true).getMessage(), policy == OversizePolicy.CLOSE));
    if (policy == OversizePolicy.TRUNCATE) {
      expected.add(truncated("0123456789"));
    }
    if (policy != OversizePolicy.CLOSE) {
      expected.add(frame("next"));
    }
    assertEveryChunking(config, policy, stream, expected);
  }

  static Stream<Arguments> headersAndPolicies() {
    return headers().flatMap(a -> Stream.of(OversizePolicy.values())
        .map(p -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], p)));
  }

  @Test
  void unsignedHeadersAreNeverNegative() {
    for (int headerBytes : new int[] {1, 2, 4}) {
      long announced = (1L << (8 * headerBytes)) - 1;
      byte[] stream = concat(header(announced, headerBytes, ByteOrder.BIG_ENDIAN), bytes("abc"));
      assertEveryChunking(config(headerBytes, ByteOrder.BIG_ENDIAN, false, 100),
          OversizePolicy.SKIP, stream, List.of(error(FrameTooLongException.class,
              new FrameTooLongException(announced, 100, true).getMessage(), false)));
    }
  }

  @ParameterizedTest
  @EnumSource(OversizePolicy.class)
  void aNegativeEightByteLengthIsCorruptWhateverThePolicy(OversizePolicy policy) {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      byte[] stream = concat(framed("ok", 8, order, false), header(-5, 8, order), bytes("abcdef"),
          framed("never", 8, order, false));
      assertEveryChunking(config(8, order, false, 100), policy, stream,
          List.of(frame("ok"), error(CorruptFrameException.class,
              "length-prefixed: negative length -5 in the 8-byte header", true)));
      assertEveryChunking(config(8, order, false, 100), policy, header(Long.MIN_VALUE, 8, order),
          List.of(error(CorruptFrameException.class,
              "length-prefixed: negative length " + Long.MIN_VALUE + " in the 8-byte header", true)));
    }
  }

  @Test
  void aLengthShorterThanTheHeaderItIncludesIsCorrupt() {
    for (int headerBytes : new int[] {1, 2, 4, 8}) {
      byte[] stream = concat(framed("ok", headerBytes, ByteOrder.BIG_ENDIAN, true),
          header(headerBytes - 1, headerBytes, ByteOrder.BIG_ENDIAN), bytes("abcdefghij"));
      assertEveryChunking(config(headerBytes, ByteOrder.BIG_ENDIAN, true, 100), OversizePolicy.SKIP,
          stream, List.of(frame("ok"), error(CorruptFrameException.class, "length-prefixed: length "
              + (headerBytes - 1) + " is shorter than the " + headerBytes
              + "-byte header it includes", true)));
      // exactly the header: an empty frame
      assertEveryChunking(config(headerBytes, ByteOrder.BIG_ENDIAN, true, 100), OversizePolicy.SKIP,
          header(headerBytes, headerBytes, ByteOrder.BIG_ENDIAN), List.of(frame("")));
    }
  }

  @Test
  void truncateCutByEndOfStreamReportsTheHeldBytes() {
    FramingConfig config = config(2, ByteOrder.BIG_ENDIAN, false, 4);
    byte[] stream = concat(header(10, 2, ByteOrder.BIG_ENDIAN), bytes("abc"));
    assertEveryChunking(config, OversizePolicy.TRUNCATE, stream, List.of(
        error(FrameTooLongException.class, new FrameTooLongException(10, 4, true).getMessage(), false),
        droppedAtEnd(5)));
    // once the head is out, the rest is being skipped: nothing held, nothing more to report
    stream = concat(header(10, 2, ByteOrder.BIG_ENDIAN), bytes("abcdef"));
    assertEveryChunking(config, OversizePolicy.TRUNCATE, stream, List.of(
        error(FrameTooLongException.class, new FrameTooLongException(10, 4, true).getMessage(), false),
        truncated("abcd")));
  }

  @ParameterizedTest
  @EnumSource(value = OversizePolicy.class, names = {"SKIP", "TRUNCATE"})
  void aTenMegabyteAnnouncementIsSkippedWithoutBufferingIt(OversizePolicy policy) {
    int max = 1024;
    int announced = 10 * 1024 * 1024;
    int chunkSize = 64 * 1024;
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(
        config(4, ByteOrder.BIG_ENDIAN, false, max), policy, sink);
    byte[] stream = concat(header(announced, 4, ByteOrder.BIG_ENDIAN), new byte[announced],
        framed("after", 4, ByteOrder.BIG_ENDIAN, false));
    int held = 0;
    for (int from = 0; from < stream.length; from += chunkSize) {
      int to = Math.min(stream.length, from + chunkSize);
      framer.handle(Buffer.buffer(java.util.Arrays.copyOfRange(stream, from, to)));
      held = Math.max(held, framer.bufferedBytes());
    }
    framer.end();
    assertThat(held).isLessThanOrEqualTo(max);
    List<Event> expected = new ArrayList<>();
    expected.add(error(FrameTooLongException.class,
        new FrameTooLongException(announced, max, true).getMessage(), false));
    if (policy == OversizePolicy.TRUNCATE) {
      expected.add(truncated(new byte[max]));
    }
    expected.add(frame("after"));
    assertThat(sink.events()).containsExactlyElementsOf(expected);
  }

  @Test
  void matchesTheReferenceModelOnRandomStreams() {
    Random random = new Random(3);
    for (int round = 0; round < 80; round++) {
      int headerBytes = new int[] {1, 2, 4, 8}[round % 4];
      ByteOrder order = round % 8 < 4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      boolean includes = random.nextBoolean();
      int max = 1 + random.nextInt(8);
      byte[] stream = randomStream(random, headerBytes, order, includes, max);
      for (OversizePolicy policy : OversizePolicy.values()) {
        assertSampledChunkings(config(headerBytes, order, includes, max), policy, stream, round,
            Oracles.lengthPrefixed(stream, headerBytes, order, includes, max, policy));
      }
    }
  }

  /** Mostly well-formed frames, some oversize, the odd random byte, maybe cut short. */
  private static byte[] randomStream(Random random, int headerBytes, ByteOrder order,
      boolean includes, int max) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int frames = random.nextInt(6);
    for (int i = 0; i < frames; i++) {
      int length = random.nextInt(max + 4);
      byte[] body = new byte[length];
      random.nextBytes(body);
      out.writeBytes(header(length + (includes ? headerBytes : 0), headerBytes, order));
      out.writeBytes(body);
      if (random.nextInt(8) == 0) {
        out.write(random.nextInt(256));
      }
    }
    byte[] stream = out.toByteArray();
    return random.nextInt(3) == 0 && stream.length > 0
        ? java.util.Arrays.copyOf(stream, random.nextInt(stream.length)) : stream;
  }

  @ParameterizedTest(name = "{0}-byte {1} includesHeader={2}")
  @MethodSource("headers")
  void aThrowingSinkLeavesTheFramerConsistent(int headerBytes, ByteOrder order, boolean includes) {
    byte[] stream = concat(framed("a", headerBytes, order, includes),
        framed("", headerBytes, order, includes), framed("0123456789", headerBytes, order, includes),
        framed("b", headerBytes, order, includes), framed("cc", headerBytes, order, includes),
        framed("0123456789", headerBytes, order, includes), framed("d", headerBytes, order, includes));
    stream = java.util.Arrays.copyOf(stream, stream.length - 1);
    for (OversizePolicy policy : OversizePolicy.values()) {
      FramerHarness.assertThrowingSinkChangesNothing(config(headerBytes, order, includes, 4), policy,
          stream);
    }
  }

  @ParameterizedTest(name = "{0}-byte {1} includesHeader={2}")
  @MethodSource("headers")
  void encoderWritesTheHeader(int headerBytes, ByteOrder order, boolean includes) {
    FrameEncoder encoder = Framings.encoder(config(headerBytes, order, includes, 100));
    assertThat(encoder.encode(Buffer.buffer("hello")).getBytes())
        .isEqualTo(framed("hello", headerBytes, order, includes));
    assertThat(encoder.encode(Buffer.buffer()).getBytes())
        .isEqualTo(framed("", headerBytes, order, includes));
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer(new byte[101])))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessage("reply of 101 bytes exceeds maxLength 100");
  }

  @Test
  void encoderRefusesWhatTheHeaderCannotCount() {
    FrameEncoder oneByte = Framings.encoder(config(1, ByteOrder.BIG_ENDIAN, false, 1000));
    assertThat(oneByte.encode(Buffer.buffer(new byte[255])).getByte(0)).isEqualTo((byte) 0xFF);
    assertThatThrownBy(() -> oneByte.encode(Buffer.buffer(new byte[256])))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessage("reply of 256 bytes does not fit a 1-byte length header (at most 255)");
    FrameEncoder oneByteIncluding = Framings.encoder(config(1, ByteOrder.BIG_ENDIAN, true, 1000));
    assertThat(oneByteIncluding.encode(Buffer.buffer(new byte[254])).getByte(0))
        .isEqualTo((byte) 0xFF);
    assertThatThrownBy(() -> oneByteIncluding.encode(Buffer.buffer(new byte[255])))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessage("reply of 255 bytes does not fit a 1-byte length header (at most 254)");
    FrameEncoder twoBytes = Framings.encoder(config(2, ByteOrder.LITTLE_ENDIAN, false, 70_000));
    assertThat(twoBytes.encode(Buffer.buffer(new byte[65_535])).length()).isEqualTo(65_537);
    assertThatThrownBy(() -> twoBytes.encode(Buffer.buffer(new byte[65_536])))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessageContaining("at most 65535");
  }
}
