package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.assertEveryChunking;
import static dev.framewire.framing.FramerHarness.assertSampledChunkings;
import static dev.framewire.framing.FramerHarness.bytes;
import static dev.framewire.framing.FramerHarness.repeat;
import static dev.framewire.testutil.RecordingSink.error;
import static dev.framewire.testutil.RecordingSink.frame;
import static dev.framewire.testutil.RecordingSink.truncated;
import static dev.framewire.testutil.RecordingSink.droppedAtEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinesFramerTest {
  private static final FramingConfig LINES = FramingConfig.of(FramingType.LINES);

  private static String tooLong(int max) {
    return new FrameTooLongException(max + 1L, max, false).getMessage();
  }

  @Test
  void splitsOnLfAndDropsTheCrOfCrLf() {
    assertEveryChunking(LINES, OversizePolicy.CLOSE, bytes("GET\r\nHost: a\n\r\n\nlast\r\n"),
        List.of(frame("GET"), frame("Host: a"), frame(""), frame(""), frame("last")));
  }

  @Test
  void onlyTheCrRightBeforeTheLfIsDropped() {
    assertEveryChunking(LINES, OversizePolicy.CLOSE, bytes("a\rb\n\r\r\nc\r\r\n\r"),
        List.of(frame("a\rb"), frame("\r"), frame("c\r"), droppedAtEnd(1)));
  }

  @Test
  void theDelimiterSettingIsIgnored() {
    assertEveryChunking(LINES.withDelimiter(bytes("XX")), OversizePolicy.CLOSE, bytes("aXXb\r\n"),
        List.of(frame("aXXb")));
  }

  @ParameterizedTest
  @EnumSource(OversizePolicy.class)
  void aLineOfExactlyMaxLengthIsFineWithCrLfOrLf(OversizePolicy policy) {
    int max = 6;
    assertEveryChunking(LINES.withMaxLength(max), policy,
        bytes(repeat('x', max) + "\r\n" + repeat('y', max) + "\n" + repeat('z', max - 1) + "\r\n"),
        List.of(frame(repeat('x', max)), frame(repeat('y', max)), frame(repeat('z', max - 1))));
  }

  @Test
  void maxLengthPlusOneUnderEachPolicy() {
    int max = 6;
    FramingConfig config = LINES.withMaxLength(max);
    // The 7th content byte may be a \r whose \n is still to come: "xxxxxx\ry" is 7 content bytes + y.
    byte[] stream = bytes("ok\n" + "abcdef\rg\r\n" + "next\r\n" + "ABCDEFG\n" + "last\n");
    assertEveryChunking(config, OversizePolicy.CLOSE, stream,
        List.of(frame("ok"), error(FrameTooLongException.class, tooLong(max), true)));
    assertEveryChunking(config, OversizePolicy.SKIP, stream,
        List.of(frame("ok"), error(FrameTooLongException.class, tooLong(max), false), frame("next"),
            error(FrameTooLongException.class, tooLong(max), false), frame("last")));
    assertEveryChunking(config, OversizePolicy.TRUNCATE, stream,
        List.of(frame("ok"), error(FrameTooLongException.class, tooLong(max), false),
            truncated("abcdef"), frame("next"),
            error(FrameTooLongException.class, tooLong(max), false), truncated("ABCDEF"),
            frame("last")));
  }

  @Test
  void aLineOfMaxLengthPlusItsCrAtEndOfStreamIsPartial() {
    assertEveryChunking(LINES.withMaxLength(4), OversizePolicy.SKIP, bytes("abcd\r"),
        List.of(droppedAtEnd(5)));
    assertEveryChunking(LINES.withMaxLength(4), OversizePolicy.SKIP, bytes("abcde\r"),
        List.of(error(FrameTooLongException.class, tooLong(4), false)));
  }

  @Test
  void matchesTheReferenceModelOnRandomStreams() {
    Random random = new Random(7);
    byte[] alphabet = bytes("ab\r\r\n");
    for (int round = 0; round < 60; round++) {
      int max = 1 + random.nextInt(5);
      byte[] stream = new byte[random.nextInt(40)];
      for (int i = 0; i < stream.length; i++) {
        stream[i] = alphabet[random.nextInt(alphabet.length)];
      }
      for (OversizePolicy policy : OversizePolicy.values()) {
        assertSampledChunkings(LINES.withMaxLength(max), policy, stream, round,
            Oracles.delimited(stream, bytes("\n"), true, max, policy));
      }
    }
  }

  @Test
  void aThrowingSinkLeavesTheFramerConsistent() {
    for (OversizePolicy policy : OversizePolicy.values()) {
      FramerHarness.assertThrowingSinkChangesNothing(LINES.withMaxLength(4), policy,
          bytes("a\r\n\r\nabcd\r\nabcde\r\nb\nabcdefghij\nc\r"));
    }
  }

  @Test
  void encoderAppendsLf() {
    FrameEncoder encoder = Framings.encoder(LINES.withDelimiter(bytes("XX")));
    assertThat(encoder.encode(Buffer.buffer("hi")).getBytes()).isEqualTo(bytes("hi\n"));
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("first\nsecond")))
        .isInstanceOf(UnframeableReplyException.class)
        .hasMessage("the reply contains the delimiter at offset 5: it would be read as several frames");
  }
}
