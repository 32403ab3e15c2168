package dev.framewire.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.RecordingSink;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link Framer#inFrame}: what a listener's {@code frameTimeout} asks after every read. */
class InFrameTest {

  /** A framer with a sink that records (also for {@link ReplaceableTest}). */
  static Framer framer(FramingConfig config, OversizePolicy onOversize) {
    return Framings.newFramer(config, onOversize, new RecordingSink());
  }

  /** The bytes, each value cast to a byte. */
  static Buffer bytes(int... values) {
    Buffer b = Buffer.buffer();
    for (int v : values) {
      b.appendByte((byte) v);
    }
    return b;
  }

  @Test
  void linesHoldAFrameFromItsFirstByteToItsDelimiter() {
    Framer f = framer(FramingConfig.of(FramingType.LINES), OversizePolicy.CLOSE);
    assertThat(f.inFrame()).isFalse();
    f.handle(Buffer.buffer("hel"));
    assertThat(f.inFrame()).isTrue();
    f.handle(Buffer.buffer("lo\n"));
    assertThat(f.inFrame()).isFalse();
    f.handle(Buffer.buffer("a\nb"));
    assertThat(f.inFrame()).isTrue();
    f.end();
    assertThat(f.inFrame()).as("stopped").isFalse();
  }

  @Test
  void aLineBeingDiscardedIsStillAFrame() {
    Framer f = framer(FramingConfig.of(FramingType.LINES).withMaxLength(4), OversizePolicy.SKIP);
    f.handle(Buffer.buffer("0123456789"));
    assertThat(f.inFrame()).isTrue();
    f.handle(Buffer.buffer("\n"));
    assertThat(f.inFrame()).isFalse();
  }

  @Test
  void lengthPrefixedHoldsAFrameFromItsHeaderToItsLastByte() {
    Framer f = framer(new FramingConfig(FramingType.LENGTH_PREFIXED, 1024, null, 0, 2, ByteOrder.BIG_ENDIAN, false),
        OversizePolicy.CLOSE);
    f.handle(bytes(0));
    assertThat(f.inFrame()).as("half a header").isTrue();
    f.handle(bytes(3));
    assertThat(f.inFrame()).as("a header, no body yet").isTrue();
    f.handle(bytes('a', 'b'));
    assertThat(f.inFrame()).isTrue();
    f.handle(bytes('c'));
    assertThat(f.inFrame()).isFalse();
    f.handle(bytes(0, 0));
    assertThat(f.inFrame()).as("an empty frame is whole").isFalse();
  }

  @Test
  void lengthPrefixedSkippingAnOversizeBodyIsStillAFrame() {
    Framer f = framer(new FramingConfig(FramingType.LENGTH_PREFIXED, 2, null, 0, 1, ByteOrder.BIG_ENDIAN, false),
        OversizePolicy.SKIP);
    f.handle(bytes(5, 'a'));
    assertThat(f.inFrame()).isTrue();
    f.handle(bytes('b', 'c', 'd', 'e'));
    assertThat(f.inFrame()).isFalse();
  }

  @Test
  void fixedHoldsItsPartialFrame() {
    Framer f = framer(new FramingConfig(FramingType.FIXED, 1024, null, 4, 4, ByteOrder.BIG_ENDIAN, false),
        OversizePolicy.CLOSE);
    f.handle(Buffer.buffer("abcdef"));
    assertThat(f.inFrame()).isTrue();
    f.handle(Buffer.buffer("gh"));
    assertThat(f.inFrame()).isFalse();
  }

  @Test
  void rawNeverHoldsAFrame() {
    Framer f = framer(FramingConfig.of(FramingType.RAW), OversizePolicy.CLOSE);
    f.handle(Buffer.buffer("abc"));
    assertThat(f.inFrame()).isFalse();
  }
}
