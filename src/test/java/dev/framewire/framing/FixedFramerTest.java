package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.assertEveryChunking;
import static dev.framewire.framing.FramerHarness.bytes;
import static dev.framewire.testutil.RecordingSink.frame;
import static dev.framewire.testutil.RecordingSink.droppedAtEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.RecordingSink;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedFramerTest {
  private static final FramingConfig FIXED = FramingConfig.of(FramingType.FIXED);

  @Test
  void everyFrameIsExactlySizeBytes() {
    assertEveryChunking(FIXED.withSize(4), OversizePolicy.CLOSE, bytes("ABCDEFGHIJKLMN"),
        List.of(frame("ABCD"), frame("EFGH"), frame("IJKL"), droppedAtEnd(2)));
    assertEveryChunking(FIXED.withSize(1), OversizePolicy.CLOSE, bytes("abc"),
        List.of(frame("a"), frame("b"), frame("c")));
    assertEveryChunking(FIXED.withSize(3), OversizePolicy.CLOSE, bytes("\n\n\n\0\0\0"),
        List.of(frame("\n\n\n"), frame("\0\0\0")));
  }

  @Test
  void aSizeOfExactlyMaxLengthIsAllowed() {
    assertEveryChunking(FIXED.withSize(5).withMaxLength(5), OversizePolicy.CLOSE,
        bytes("1234567890"), List.of(frame("12345"), frame("67890")));
  }

  @Test
  void aSizeOutsideOneToMaxLengthIsAConfigurationError() {
    RecordingSink sink = new RecordingSink();
    assertThatThrownBy(() -> Framings.newFramer(FIXED.withSize(6).withMaxLength(5),
        OversizePolicy.CLOSE, sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixed framing size must be 1..5 (maxLength), was 6");
    assertThatThrownBy(() -> Framings.newFramer(FIXED, OversizePolicy.CLOSE, sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was 0");
    assertThatThrownBy(() -> Framings.encoder(FIXED.withSize(6).withMaxLength(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aThrowingSinkLeavesTheFramerConsistent() {
    FramerHarness.assertThrowingSinkChangesNothing(FIXED.withSize(3), OversizePolicy.CLOSE,
        bytes("abcdefghijklmnopq"));
  }

  @Test
  void encoderNeedsExactlySizeBytes() {
    FrameEncoder encoder = Framings.encoder(FIXED.withSize(4));
    assertThat(encoder.encode(Buffer.buffer("abcd")).toString()).isEqualTo("abcd");
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("abc")))
        .isInstanceOf(UnframeableReplyException.class)
        .hasMessage("fixed framing of 4 bytes cannot frame a reply of 3 bytes");
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("abcde")))
        .isInstanceOf(UnframeableReplyException.class)
        .hasMessage("fixed framing of 4 bytes cannot frame a reply of 5 bytes");
  }
}
