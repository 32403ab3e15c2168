package dev.framewire.framing;

import static dev.framewire.framing.InFrameTest.bytes;
import static dev.framewire.framing.InFrameTest.framer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.framing.FramerPropertiesTest.Setup;
import dev.framewire.testutil.Chunkings.Chunking;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import dev.framewire.testutil.Tries;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Framer#replaceable}: what a connection asks before it lets a quiet connection's framer go,
 * to make a new one when bytes arrive. Replacing a framer whenever it says so must change nothing.
 */
class ReplaceableTest {

  private static FramingConfig lengthPrefixed(int max, int headerBytes) {
    return new FramingConfig(FramingType.LENGTH_PREFIXED, max, null, 0, headerBytes, ByteOrder.BIG_ENDIAN, false);
  }

  // -- the property, over every framing type and policy

  /**
   * After every chunk, a framer that says it is replaceable is swapped for a new one: the stream
   * still yields exactly what the framing's model says. A framer that says so too often (holding a
   * partial frame, a partial delimiter or header, or discarding an oversize frame) would lose or
   * corrupt frames here.
   */
  @Test
  void swappingAReplaceableFramerForANewOneChangesNothing() {
    Map<FramingType, int[]> swaps = new EnumMap<>(FramingType.class);
    Tries.run(4000, random -> {
      Setup setup = FramerPropertiesTest.setup(random);
      byte[] stream = stream(setup.config(), random);
      Chunking chunking = FramerPropertiesTest.chunked(stream, FramerPropertiesTest.chunkSizes(random));
      boolean end = random.nextInt(4) != 0;
      RecordingSink sink = new RecordingSink();
      Framer[] framer = {Framings.newFramer(setup.config(), setup.policy(), sink)};
      chunking.feed(chunk -> {
        framer[0].handle(chunk);
        if (framer[0].replaceable()) {
          assertThat(framer[0].inFrame()).as("replaceable implies not in a frame").isFalse();
          framer[0] = Framings.newFramer(setup.config(), setup.policy(), sink);
          swaps.computeIfAbsent(setup.config().type(), t -> new int[1])[0]++;
        }
      });
      if (end) {
        framer[0].end();
        assertThat(framer[0].replaceable()).as("ended").isFalse();
      }
      List<Event> expected = FramerPropertiesTest.model(setup, stream, chunking);
      if (!end) {
        expected = expected.stream().filter(e -> !(e instanceof RecordingSink.TruncatedAtEnd)).toList();
      }
      assertThat(sink.events()).as("%s, %s, end %s, stream %s", setup, chunking, end,
          HexFormat.of().formatHex(stream)).containsExactlyElementsOf(expected);
    });
    // not vacuous: every framing type was swapped, many times
    for (FramingType type : FramingType.values()) {
      assertThat(swaps.getOrDefault(type, new int[1])[0]).as("swaps of %s", type).isGreaterThan(100);
    }
  }

  /** Well-formed frames with junk between them (oversize and corrupt ones included), or any bytes. */
  private static byte[] stream(FramingConfig config, Random random) {
    if (random.nextInt(3) == 0) {
      return FramerPropertiesTest.bytes(random, 0, 200);
    }
    FrameEncoder encoder = Framings.encoder(config);
    Buffer stream = Buffer.buffer();
    for (int i = 1 + random.nextInt(8); i > 0; i--) {
      byte[] payload = FramerPropertiesTest.fit(config, FramerPropertiesTest.bytes(random, 0, 2 * config.maxLength()));
      if (payload != null) {
        encoder.encode(Buffer.buffer(payload), stream);
      }
      if (random.nextInt(4) == 0) {
        stream.appendBytes(FramerPropertiesTest.bytes(random, 1, 6));
      }
    }
    return stream.getBytes();
  }

  // -- each framing type's states

  @Test
  void aNewFramerOfEveryTcpTypeIsReplaceable() {
    assertThat(framer(FramingConfig.of(FramingType.RAW), OversizePolicy.CLOSE).replaceable()).isTrue();
    assertThat(framer(FramingConfig.of(FramingType.LINES), OversizePolicy.CLOSE).replaceable()).isTrue();
    assertThat(framer(FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {'\r', '\n'}),
        OversizePolicy.CLOSE).replaceable()).isTrue();
    assertThat(framer(FramingConfig.of(FramingType.FIXED).withSize(4), OversizePolicy.CLOSE).replaceable()).isTrue();
    assertThat(framer(lengthPrefixed(1024, 2), OversizePolicy.CLOSE).replaceable()).isTrue();
    assertThat(framer(FramingConfig.of(FramingType.OCTET_COUNTING), OversizePolicy.CLOSE).replaceable()).isTrue();
  }

  @Test
  void rawIsReplaceableUntilItStops() {
    Framer f = framer(FramingConfig.of(FramingType.RAW).withMaxLength(4), OversizePolicy.SKIP);
    f.handle(Buffer.buffer("abc"));
    assertThat(f.replaceable()).isTrue();
    f.handle(Buffer.buffer("too long"));
    assertThat(f.replaceable()).as("skipped a chunk: nothing held").isTrue();
    Framer closing = framer(FramingConfig.of(FramingType.RAW).withMaxLength(4), OversizePolicy.CLOSE);
    closing.handle(Buffer.buffer("too long"));
    assertThat(closing.replaceable()).as("stopped by a fatal error").isFalse();
    f.end();
    assertThat(f.replaceable()).as("ended").isFalse();
  }

  @Test
  void delimitedIsReplaceableOnlyBetweenFramesWithNoPartOfADelimiterHeld() {
    Framer f = framer(FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {'\r', '\n'}), OversizePolicy.CLOSE);
    f.handle(Buffer.buffer("one\r\nt"));
    assertThat(f.replaceable()).as("part of a frame").isFalse();
    f.handle(Buffer.buffer("wo\r"));
    assertThat(f.replaceable()).as("part of the delimiter").isFalse();
    f.handle(Buffer.buffer("\n"));
    assertThat(f.replaceable()).isTrue();
    f.end();
    assertThat(f.replaceable()).as("ended").isFalse();
  }

  @Test
  void linesAreNotReplaceableWhileDiscardingAnOversizeLineNorAfterAFatalOne() {
    for (OversizePolicy policy : List.of(OversizePolicy.SKIP, OversizePolicy.TRUNCATE)) {
      Framer f = framer(FramingConfig.of(FramingType.LINES).withMaxLength(4), policy);
      f.handle(Buffer.buffer("0123456789"));
      assertThat(f.replaceable()).as("discarding (%s)", policy).isFalse();
      f.handle(Buffer.buffer("more"));
      assertThat(f.replaceable()).as("still discarding (%s)", policy).isFalse();
      f.handle(Buffer.buffer("\n"));
      assertThat(f.replaceable()).as("the oversize line ended (%s)", policy).isTrue();
    }
    Framer closed = framer(FramingConfig.of(FramingType.LINES).withMaxLength(4), OversizePolicy.CLOSE);
    closed.handle(Buffer.buffer("0123456789"));
    assertThat(closed.replaceable()).as("stopped by a fatal error").isFalse();
  }

  @Test
  void fixedIsReplaceableOnlyBetweenFrames() {
    Framer f = framer(FramingConfig.of(FramingType.FIXED).withSize(4), OversizePolicy.CLOSE);
    f.handle(Buffer.buffer("abcdef"));
    assertThat(f.replaceable()).isFalse();
    f.handle(Buffer.buffer("gh"));
    assertThat(f.replaceable()).isTrue();
  }

  @Test
  void lengthPrefixedIsNotReplaceableWithAHeaderABodyOrASkipUnfinished() {
    Framer f = framer(lengthPrefixed(2, 1), OversizePolicy.SKIP);
    f.handle(bytes(2, 'a'));
    assertThat(f.replaceable()).as("a body unfinished").isFalse();
    f.handle(bytes('b'));
    assertThat(f.replaceable()).isTrue();
    f.handle(bytes(0));
    assertThat(f.replaceable()).as("an empty frame is whole").isTrue();
    f.handle(bytes(5, 'a'));
    assertThat(f.replaceable()).as("skipping an oversize body").isFalse();
    f.handle(bytes('b', 'c', 'd'));
    assertThat(f.replaceable()).as("one byte of it still to skip").isFalse();
    f.handle(bytes('e'));
    assertThat(f.replaceable()).isTrue();

    Framer header = framer(lengthPrefixed(1024, 2), OversizePolicy.CLOSE);
    header.handle(bytes(0));
    assertThat(header.replaceable()).as("half a header").isFalse();

    Framer truncating = framer(lengthPrefixed(2, 1), OversizePolicy.TRUNCATE);
    truncating.handle(bytes(4, 'a', 'b'));
    assertThat(truncating.replaceable()).as("the cut rest still to skip").isFalse();
    truncating.handle(bytes('c', 'd'));
    assertThat(truncating.replaceable()).isTrue();

    Framer closing = framer(lengthPrefixed(2, 1), OversizePolicy.CLOSE);
    closing.handle(bytes(5));
    assertThat(closing.replaceable()).as("stopped by a fatal error").isFalse();
  }

  @Test
  void octetCountingIsNotReplaceableWithPartOfACountOrAMessageHeld() {
    Framer f = framer(FramingConfig.of(FramingType.OCTET_COUNTING), OversizePolicy.CLOSE);
    f.handle(Buffer.buffer("1"));
    assertThat(f.replaceable()).as("part of a count").isFalse();
    f.handle(Buffer.buffer("1 "));
    assertThat(f.replaceable()).as("a count, no message yet").isFalse();
    f.handle(Buffer.buffer("hello world"));
    assertThat(f.replaceable()).isTrue();
    f.handle(Buffer.buffer("0 "));
    assertThat(f.replaceable()).as("a corrupt count is fatal").isFalse();
  }

}
