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
import dev.framewire.testutil.Chunkings;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DelimitedFramerTest {
  private static final FramingConfig LF = FramingConfig.of(FramingType.DELIMITED);
  private static final byte[] CRLF = bytes("\r\n");
  private static final byte[] NUL_NUL = {0, 0};

  private static FramingConfig delimited(byte[] delimiter, int max) {
    return LF.withDelimiter(delimiter).withMaxLength(max);
  }

  private static FrameTooLongException tooLong(int max) {
    return new FrameTooLongException(max + 1L, max, false);
  }

  @Test
  void splitsOnTheDelimiterInEveryChunking() {
    assertEveryChunking(LF, OversizePolicy.CLOSE, bytes("alpha\nbeta\n\ngamma\n"),
        List.of(frame("alpha"), frame("beta"), frame(""), frame("gamma")));
  }

  @Test
  void emptyFramesBetweenDelimitersAndAtTheStart() {
    assertEveryChunking(delimited(CRLF, 16), OversizePolicy.CLOSE, bytes("\r\n\r\nx\r\n\r\n"),
        List.of(frame(""), frame(""), frame("x"), frame("")));
  }

  @Test
  void multiByteDelimitersStraddleChunks() {
    // Every chunking of these streams cuts some delimiter in two somewhere.
    assertEveryChunking(delimited(CRLF, 64), OversizePolicy.CLOSE,
        bytes("HELLO\r\n\r\nWORLD\r\nA\rB\nC\r\n"),
        List.of(frame("HELLO"), frame(""), frame("WORLD"), frame("A\rB\nC")));
    assertEveryChunking(delimited(NUL_NUL, 64), OversizePolicy.CLOSE,
        bytes("one\0\0two\0three\0\0\0\0four\0"),
        List.of(frame("one"), frame("two\0three"), frame(""), droppedAtEnd(5)));
  }

  @Test
  void overlappingDelimiterCandidatesTakeTheLeftmostMatch() {
    // "\0\0\0" holds the delimiter at 0 and at 1: the frame ends at the first, the 3rd NUL starts
    // the next frame.
    assertEveryChunking(delimited(NUL_NUL, 64), OversizePolicy.CLOSE, bytes("a\0\0\0b\0\0"),
        List.of(frame("a"), frame("\0b")));
    assertEveryChunking(delimited(bytes("abac"), 64), OversizePolicy.CLOSE,
        bytes("xxababacyyabacabac"), List.of(frame("xxab"), frame("yy"), frame("")));
  }

  @Test
  void aPartialFrameAtEndIsDroppedAndCounted() {
    assertEveryChunking(LF, OversizePolicy.CLOSE, bytes("a\nbc"),
        List.of(frame("a"), droppedAtEnd(2)));
    assertEveryChunking(delimited(CRLF, 64), OversizePolicy.CLOSE, bytes("a\r\nbc\r"),
        List.of(frame("a"), droppedAtEnd(3)));
    assertEveryChunking(LF, OversizePolicy.CLOSE, bytes("a\n"), List.of(frame("a")));
    assertEveryChunking(LF, OversizePolicy.CLOSE, new byte[0], List.of());
  }

  @Test
  void withoutEndNothingIsReportedForThePartialFrame() {
    FramerHarness.assertEveryChunking(LF, OversizePolicy.CLOSE, bytes("a\nbc"), false,
        List.of(frame("a")));
  }

  @ParameterizedTest
  @EnumSource(OversizePolicy.class)
  void aFrameOfExactlyMaxLengthOrOneLessIsFine(OversizePolicy policy) {
    int max = 8;
    for (byte[] delimiter : List.of(bytes("\n"), CRLF, NUL_NUL, bytes("END"))) {
      String d = new String(delimiter, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertEveryChunking(delimited(delimiter, max), policy,
          bytes(repeat('x', max) + d + repeat('y', max - 1) + d + "z" + d),
          List.of(frame(repeat('x', max)), frame(repeat('y', max - 1)), frame("z")));
    }
  }

  @Test
  void maxLengthPlusOneUnderCloseIsFatalAndStopsTheFramer() {
    int max = 8;
    for (byte[] delimiter : List.of(bytes("\n"), CRLF, NUL_NUL)) {
      String d = new String(delimiter, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertEveryChunking(delimited(delimiter, max), OversizePolicy.CLOSE,
          bytes("ok" + d + repeat('x', max + 1) + d + "never" + d),
          List.of(frame("ok"), error(FrameTooLongException.class, tooLong(max).getMessage(), true)));
    }
  }

  @Test
  void maxLengthPlusOneUnderSkipIsReportedAndTheNextFrameDecodes() {
    int max = 8;
    for (byte[] delimiter : List.of(bytes("\n"), CRLF, NUL_NUL)) {
      String d = new String(delimiter, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertEveryChunking(delimited(delimiter, max), OversizePolicy.SKIP,
          bytes("ok" + d + repeat('x', max + 1) + d + "next" + d + repeat('y', 3 * max) + d + "last" + d),
          List.of(frame("ok"),
              error(FrameTooLongException.class, tooLong(max).getMessage(), false),
              frame("next"),
              error(FrameTooLongException.class, tooLong(max).getMessage(), false),
              frame("last")));
    }
  }

  @Test
  void maxLengthPlusOneUnderTruncateDeliversTheHeadAfterTheError() {
    int max = 8;
    for (byte[] delimiter : List.of(bytes("\n"), CRLF, NUL_NUL)) {
      String d = new String(delimiter, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertEveryChunking(delimited(delimiter, max), OversizePolicy.TRUNCATE,
          bytes("ok" + d + "abcdefgh" + "i" + d + "next" + d + "ABCDEFGH" + repeat('y', 20) + d + "last" + d),
          List.of(frame("ok"),
              error(FrameTooLongException.class, tooLong(max).getMessage(), false),
              truncated("abcdefgh"),
              frame("next"),
              error(FrameTooLongException.class, tooLong(max).getMessage(), false),
              truncated("ABCDEFGH"),
              frame("last")));
    }
  }

  @Test
  void theDiscardFindsADelimiterThatStartedInsideTheHeldBytes() {
    // max 4, "\r\n": the framer gives up at 6 held bytes, which may end with the "\r".
    FramingConfig config = delimited(CRLF, 4);
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("abcde\r\nok\r\n"),
        List.of(error(FrameTooLongException.class, tooLong(4).getMessage(), false), frame("ok")));
    assertEveryChunking(config, OversizePolicy.SKIP, bytes("abcdef\r\r\nok\r\n"),
        List.of(error(FrameTooLongException.class, tooLong(4).getMessage(), false), frame("ok")));
    assertEveryChunking(delimited(bytes("aab"), 2), OversizePolicy.SKIP, bytes("xxaaaab" + "ok" + "aab"),
        List.of(error(FrameTooLongException.class, tooLong(2).getMessage(), false), frame("ok")));
  }

  @Test
  void anOversizeFrameCutByEndOfStreamIsNotAlsoATruncatedEnd() {
    assertEveryChunking(delimited(LF.delimiter(), 4), OversizePolicy.SKIP, bytes("abcdefgh"),
        List.of(error(FrameTooLongException.class, tooLong(4).getMessage(), false)));
    assertEveryChunking(delimited(LF.delimiter(), 4), OversizePolicy.TRUNCATE, bytes("abcdefgh"),
        List.of(error(FrameTooLongException.class, tooLong(4).getMessage(), false), truncated("abcd")));
    // Within the hold limit of a 2-byte delimiter (max + 1 bytes) the frame is merely partial.
    assertEveryChunking(delimited(CRLF, 4), OversizePolicy.SKIP, bytes("abcde"),
        List.of(droppedAtEnd(5)));
  }

  @ParameterizedTest
  @EnumSource(value = OversizePolicy.class, names = {"SKIP", "TRUNCATE"})
  void skippingTenMegabytesWithoutADelimiterHoldsAtMostOneChunk(OversizePolicy policy) {
    int max = 1024;
    int chunkSize = 64 * 1024;
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(
        delimited(CRLF, max), policy, sink);
    byte[] chunk = new byte[chunkSize];
    java.util.Arrays.fill(chunk, (byte) 'x');
    chunk[chunkSize - 1] = '\r'; // a delimiter cut at every chunk boundary, never completed
    int held = 0;
    for (int i = 0; i < 160; i++) {
      framer.handle(Buffer.buffer(chunk));
      held = Math.max(held, framer.bufferedBytes());
    }
    framer.handle(Buffer.buffer(bytes("\nafter\r\n")));
    framer.end();
    assertThat(held).isZero();
    List<Event> expected = new ArrayList<>();
    expected.add(error(FrameTooLongException.class, tooLong(max).getMessage(), false));
    if (policy == OversizePolicy.TRUNCATE) {
      expected.add(truncated(repeat('x', max)));
    }
    expected.add(frame("after"));
    assertThat(sink.events()).containsExactlyElementsOf(expected);
  }

  @Test
  void bufferedBytesNeverExceedMaxLengthPlusAPartialDelimiter() {
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(delimited(CRLF, 10),
        OversizePolicy.SKIP, sink);
    for (char c : (repeat('x', 10) + "\r").toCharArray()) {
      framer.handle(Buffer.buffer(new byte[] {(byte) c}));
    }
    assertThat(framer.bufferedBytes()).isEqualTo(11);
    framer.handle(Buffer.buffer(bytes("\n")));
    assertThat(framer.bufferedBytes()).isZero();
    assertThat(sink.events()).containsExactly(frame(repeat('x', 10)));
  }

  @Test
  void matchesTheReferenceModelOnRandomStreams() {
    Random random = new Random(42);
    byte[][] delimiters = {bytes("\n"), CRLF, NUL_NUL, bytes("aab"), bytes("aa")};
    byte[] alphabet = bytes("aab\r\n\0x");
    for (int round = 0; round < 60; round++) {
      byte[] delimiter = delimiters[round % delimiters.length];
      int max = 1 + random.nextInt(6);
      byte[] stream = new byte[random.nextInt(40)];
      for (int i = 0; i < stream.length; i++) {
        stream[i] = alphabet[random.nextInt(alphabet.length)];
      }
      for (OversizePolicy policy : OversizePolicy.values()) {
        assertSampledChunkings(delimited(delimiter, max), policy, stream, round,
            Oracles.delimited(stream, delimiter, false, max, policy));
      }
    }
  }

  @Test
  void aThrowingSinkLeavesTheFramerConsistent() {
    byte[] stream = bytes("a\nbb\n" + repeat('x', 9) + "\nc\n" + repeat('y', 20) + "\nd\ne");
    for (OversizePolicy policy : OversizePolicy.values()) {
      FramerHarness.assertThrowingSinkChangesNothing(delimited(LF.delimiter(), 8), policy, stream);
      FramerHarness.assertThrowingSinkChangesNothing(delimited(CRLF, 8), policy,
          bytes("a\r\nbb\r\n" + repeat('x', 9) + "\r\nc\r\n" + repeat('y', 20) + "\r\nd"));
    }
  }

  @Test
  void encoderAppendsTheDelimiterAndRefusesOversizeReplies() {
    FrameEncoder encoder = Framings.encoder(delimited(CRLF, 5));
    assertThat(encoder.encode(Buffer.buffer("hello")).getBytes()).isEqualTo(bytes("hello\r\n"));
    assertThat(encoder.encode(Buffer.buffer("")).getBytes()).isEqualTo(CRLF);
    Buffer out = Buffer.buffer("x");
    encoder.encode(Buffer.buffer("a"), out);
    encoder.encode(Buffer.buffer("b"), out);
    assertThat(out.getBytes()).isEqualTo(bytes("xa\r\nb\r\n"));
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("toolong"), out))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessage("reply of 7 bytes exceeds maxLength 5");
    assertThat(out.getBytes()).isEqualTo(bytes("xa\r\nb\r\n"));
  }

  @Test
  void encoderRefusesAReplyContainingTheDelimiterAndWritesNothing() {
    FrameEncoder encoder = Framings.encoder(delimited(CRLF, 64));
    Buffer out = Buffer.buffer("x");
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("first\r\nsecond"), out))
        .isInstanceOf(UnframeableReplyException.class)
        .hasMessage("the reply contains the delimiter at offset 5: it would be read as several frames");
    assertThat(out.getBytes()).isEqualTo(bytes("x"));
    // a lone half of the delimiter is no delimiter, also at either end
    assertThat(encoder.encode(Buffer.buffer("\na\rb\r")).getBytes()).isEqualTo(bytes("\na\rb\r\r\n"));
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("ab\r\n")))
        .isInstanceOf(UnframeableReplyException.class)
        .hasMessageContaining("offset 2");
  }

  @Test
  void afterEndInputIsIgnored() {
    RecordingSink sink = new RecordingSink();
    Framer framer = Framings.newFramer(LF, OversizePolicy.CLOSE, sink);
    framer.handle(Buffer.buffer("a\nb"));
    framer.end();
    framer.end();
    framer.handle(Buffer.buffer("c\n"));
    assertThat(sink.events()).containsExactly(frame("a"), droppedAtEnd(1));
  }
}
