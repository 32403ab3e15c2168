package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.assertEveryChunking;
import static dev.framewire.framing.FramerHarness.assertSampledChunkings;
import static dev.framewire.framing.FramerHarness.bytes;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class OctetCountingFramerTest {
  private static final FramingConfig OCTETS = FramingConfig.of(FramingType.OCTET_COUNTING);
  private static final String TOO_MANY_DIGITS =
      "octet-counting: no space after 8 bytes of octet count (at most 8 digits)";

  private static RecordingSink.Error corrupt(String message) {
    return error(CorruptFrameException.class, message, true);
  }

  @Test
  void framesBackToBackInEveryChunking() {
    assertEveryChunking(OCTETS, OversizePolicy.CLOSE,
        bytes("5 hello3 12310 0123456789" + "1  "),
        List.of(frame("hello"), frame("123"), frame("0123456789"), frame(" ")));
  }

  @Test
  void theMessageMayContainSpacesAndDigits() {
    assertEveryChunking(OCTETS, OversizePolicy.CLOSE, bytes("11 <34>1 2 3 4"),
        List.of(frame("<34>1 2 3 4")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 ", "0", "01 x", "00 "})
  void aCountStartingWithZeroIsCorrupt(String input) {
    List<Event> expected = input.equals("0")
        ? List.of(droppedAtEnd(1))
        : List.of(corrupt("octet-counting: octet count starts with 0"));
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes(input), expected);
  }

  @Test
  void aLoneZeroCountIsCorruptOnceItsSpaceArrives() {
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes("2 ok0 "),
        List.of(frame("ok"), corrupt("octet-counting: octet count starts with 0")));
  }

  @Test
  void nonDigitsAreCorruptAndNameTheByte() {
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes("2 ok1a2 xx"),
        List.of(frame("ok"), corrupt("octet-counting: octet count has a non-digit byte 0x61 at offset 1")));
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes("GET / HTTP/1.1\r\n"),
        List.of(corrupt("octet-counting: octet count has a non-digit byte 0x47 at offset 0")));
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes("-5 hello"),
        List.of(corrupt("octet-counting: octet count has a non-digit byte 0x2d at offset 0")));
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes("\n5 hello"),
        List.of(corrupt("octet-counting: octet count has a non-digit byte 0x0a at offset 0")));
  }

  @Test
  void anEmptyCountIsCorrupt() {
    assertEveryChunking(OCTETS, OversizePolicy.SKIP, bytes(" 5 hello"),
        List.of(corrupt("octet-counting: empty octet count (a space where the count should start)")));
  }

  @Test
  void moreThanEightDigitsIsCorruptWithOrWithoutTheSpace() {
    FramingConfig config = OCTETS.withMaxLength(FramingConfig.MAX_MAX_LENGTH);
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("99999999 "),
        List.of(error(FrameTooLongException.class,
            new FrameTooLongException(99_999_999, FramingConfig.MAX_MAX_LENGTH, true).getMessage(),
            false)));
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("12345678 abc"), List.of(droppedAtEnd(12)));
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("123456789 x"), List.of(corrupt(TOO_MANY_DIGITS)));
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("123456789"), List.of(corrupt(TOO_MANY_DIGITS)));
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("12345678"), List.of(droppedAtEnd(8)));
    // nine bytes with no space: too long whatever they are
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("1a3456789"), List.of(corrupt(TOO_MANY_DIGITS)));
  }

  @ParameterizedTest
  @EnumSource(OversizePolicy.class)
  void maxLengthExactlyMinusOneAndPlusOne(OversizePolicy policy) {
    int max = 10;
    byte[] stream = bytes("10 0123456789" + "9 012345678" + "11 0123456789A" + "4 next");
    List<Event> expected = new ArrayList<>(List.of(frame("0123456789"), frame("012345678")));
    expected.add(error(FrameTooLongException.class,
        new FrameTooLongException(11, max, true).getMessage(), policy == OversizePolicy.CLOSE));
    if (policy == OversizePolicy.TRUNCATE) {
      expected.add(truncated("0123456789"));
    }
    if (policy != OversizePolicy.CLOSE) {
      expected.add(frame("next"));
    }
    assertEveryChunking(OCTETS.withMaxLength(max), policy, stream, expected);
  }

  @Test
  void aPartialFrameAtEndCountsItsHeader() {
    assertEveryChunking(OCTETS, OversizePolicy.CLOSE, bytes("2 ok10 abc"),
        List.of(frame("ok"), droppedAtEnd(6)));
    assertEveryChunking(OCTETS, OversizePolicy.CLOSE, bytes("2 ok12"),
        List.of(frame("ok"), droppedAtEnd(2)));
    assertEveryChunking(OCTETS, OversizePolicy.CLOSE, bytes("2 ok12 "),
        List.of(frame("ok"), droppedAtEnd(3)));
  }

  @ParameterizedTest
  @EnumSource(value = OversizePolicy.class, names = {"SKIP", "TRUNCATE"})
  void aTenMegabyteCountIsSkippedWithoutBufferingIt(OversizePolicy policy) {
    int max = 1024;
    int announced = 10_000_000;
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(OCTETS.withMaxLength(max), policy, sink);
    framer.handle(Buffer.buffer(announced + " "));
    byte[] chunk = new byte[64 * 1024];
    int held = 0;
    for (int left = announced; left > 0; left -= chunk.length) {
      framer.handle(Buffer.buffer(java.util.Arrays.copyOf(chunk, Math.min(left, chunk.length))));
      held = Math.max(held, framer.bufferedBytes());
    }
    framer.handle(Buffer.buffer("5 after"));
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
    Random random = new Random(11);
    for (int round = 0; round < 80; round++) {
      int max = 1 + random.nextInt(12);
      StringBuilder sb = new StringBuilder();
      int frames = random.nextInt(6);
      for (int i = 0; i < frames; i++) {
        int length = 1 + random.nextInt(max + 3);
        sb.append(length).append(' ');
        for (int j = 0; j < length; j++) {
          sb.append("ab 0\n".charAt(random.nextInt(5)));
        }
        if (random.nextInt(10) == 0) {
          sb.append("0a 9".charAt(random.nextInt(4)));
        }
      }
      byte[] stream = bytes(sb.toString());
      if (random.nextInt(3) == 0 && stream.length > 0) {
        stream = java.util.Arrays.copyOf(stream, random.nextInt(stream.length));
      }
      for (OversizePolicy policy : OversizePolicy.values()) {
        assertSampledChunkings(OCTETS.withMaxLength(max), policy, stream, round,
            Oracles.octetCounting(stream, max, policy));
      }
    }
  }

  @Test
  void aThrowingSinkLeavesTheFramerConsistent() {
    for (OversizePolicy policy : OversizePolicy.values()) {
      FramerHarness.assertThrowingSinkChangesNothing(OCTETS.withMaxLength(4), policy,
          bytes("1 a2 bb10 01234567891 c1 d4 eeee6 ffffff3 gg"));
      FramerHarness.assertThrowingSinkChangesNothing(OCTETS.withMaxLength(4), policy,
          bytes("1 a2 bb1 c1 d01 x"));
    }
  }

  @Test
  void encoderWritesTheDecimalCount() {
    FrameEncoder encoder = Framings.encoder(OCTETS.withMaxLength(2000));
    assertThat(encoder.encode(Buffer.buffer("hello")).toString()).isEqualTo("5 hello");
    assertThat(encoder.encode(Buffer.buffer("0123456789")).toString()).isEqualTo("10 0123456789");
    assertThat(encoder.encode(Buffer.buffer(new byte[1000])).getString(0, 5)).isEqualTo("1000 ");
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer()))
        .isInstanceOf(UnframeableReplyException.class)
        .hasMessage("octet-counting cannot frame an empty reply (RFC 6587 counts start with 1-9)");
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer(new byte[2001])))
        .isInstanceOf(FrameTooLongException.class);
  }
}
