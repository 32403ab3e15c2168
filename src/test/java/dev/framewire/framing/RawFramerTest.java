package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.bytes;
import static dev.framewire.testutil.RecordingSink.error;
import static dev.framewire.testutil.RecordingSink.frame;
import static dev.framewire.testutil.RecordingSink.truncated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.Chunkings;
import dev.framewire.testutil.RecordingSink;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawFramerTest {
  private static final FramingConfig RAW = FramingConfig.of(FramingType.RAW).withMaxLength(5);
  private static final String TOO_LONG = "chunk of 6 bytes exceeds maxLength 5";

  private static RecordingSink feed(OversizePolicy policy, String... chunks) {
    RecordingSink sink = new RecordingSink();
    Framer framer = Framings.newFramer(RAW, policy, sink);
    List<byte[]> list = java.util.Arrays.stream(chunks).map(FramerHarness::bytes).toList();
    new Chunkings.Chunking("given", list).feed(framer::handle); // scribbles over each chunk after use
    framer.end();
    assertThat(sink.deliveredBuffersUnchanged()).isTrue();
    return sink;
  }

  @Test
  void eachChunkIsOneFrameCopiedOutOfTheCallersBuffer() {
    assertThat(feed(OversizePolicy.CLOSE, "HELLO", ", W", "", "ORLD!").events())
        .containsExactly(frame("HELLO"), frame(", W"), frame("ORLD!"));
  }

  @Test
  void aChunkLongerThanMaxLengthFollowsThePolicy() {
    assertThat(feed(OversizePolicy.CLOSE, "12345", "123456", "1").events())
        .containsExactly(frame("12345"), error(FrameTooLongException.class, TOO_LONG, true));
    assertThat(feed(OversizePolicy.SKIP, "1234", "123456", "1").events())
        .containsExactly(frame("1234"), error(FrameTooLongException.class, TOO_LONG, false),
            frame("1"));
    assertThat(feed(OversizePolicy.TRUNCATE, "1234", "abcdef", "1").events())
        .containsExactly(frame("1234"), error(FrameTooLongException.class, TOO_LONG, false),
            truncated("abcde"), frame("1"));
  }

  @Test
  void endNeverReportsATruncatedFrame() {
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(RAW, OversizePolicy.CLOSE, sink);
    framer.handle(Buffer.buffer("abc"));
    assertThat(framer.bufferedBytes()).isZero();
    framer.end();
    framer.handle(Buffer.buffer("late"));
    assertThat(sink.events()).containsExactly(frame("abc"));
  }

  @Test
  void encoderWritesThePayloadAsIs() {
    FrameEncoder encoder = Framings.encoder(RAW);
    assertThat(encoder.encode(Buffer.buffer(bytes("a\nb"))).getBytes()).isEqualTo(bytes("a\nb"));
    assertThatThrownBy(() -> encoder.encode(Buffer.buffer("123456")))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessage("reply of 6 bytes exceeds maxLength 5");
  }
}
