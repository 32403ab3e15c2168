package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.bytes;
import static dev.framewire.framing.FramerHarness.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.RecordingSink;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FramingsTest {
  private final RecordingSink sink = new RecordingSink();

  @ParameterizedTest
  @EnumSource(FramingType.class)
  void everyTypeHasAFramerAndAnEncoder(FramingType type) {
    FramingConfig config = FramingConfig.of(type).withSize(4);
    Buffer encoded = Framings.encoder(config).encode(Buffer.buffer("abcd"));
    assertThat(encoded.getBytes()).isEqualTo(switch (type) {
      case RAW, FIXED, DATAGRAM -> bytes("abcd");
      case DELIMITED, LINES -> bytes("abcd\n");
      case LENGTH_PREFIXED -> bytes("\0\0\0\4abcd");
      case OCTET_COUNTING -> bytes("4 abcd");
    });
    Framings.newFramer(config, OversizePolicy.CLOSE, sink).handle(encoded);
    assertThat(sink.events()).containsExactly(RecordingSink.frame("abcd"));
  }

  @Test
  void theOneClassPerType() {
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.RAW), OversizePolicy.CLOSE, sink))
        .isInstanceOf(RawFramer.class);
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.DELIMITED), OversizePolicy.CLOSE, sink))
        .isInstanceOf(DelimitedFramer.class);
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.LINES), OversizePolicy.CLOSE, sink))
        .isInstanceOf(DelimitedFramer.class);
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.FIXED).withSize(4), OversizePolicy.CLOSE, sink))
        .isInstanceOf(FixedFramer.class);
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.LENGTH_PREFIXED),
        OversizePolicy.CLOSE, sink)).isInstanceOf(LengthPrefixedFramer.class);
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.OCTET_COUNTING),
        OversizePolicy.CLOSE, sink)).isInstanceOf(OctetCountingFramer.class);
    assertThat(Framings.newFramer(FramingConfig.of(FramingType.DATAGRAM), OversizePolicy.CLOSE,
        sink)).isInstanceOf(DatagramFramer.class);
  }

  @ParameterizedTest
  @EnumSource(FramingType.class)
  void maxLengthMustBeOneToSixteenMebibytes(FramingType type) {
    FramingConfig config = FramingConfig.of(type).withSize(1);
    for (int bad : new int[] {0, -1, FramingConfig.MAX_MAX_LENGTH + 1}) {
      assertThatThrownBy(() -> Framings.newFramer(config.withMaxLength(bad), OversizePolicy.CLOSE, sink))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxLength must be 1..16777216, was " + bad);
      assertThatThrownBy(() -> Framings.encoder(config.withMaxLength(bad)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    // both bounds are usable: a frame of exactly maxLength goes through, one byte more is refused
    for (int max : new int[] {1, FramingConfig.MAX_MAX_LENGTH}) {
      FramingConfig atMax = config.withMaxLength(max).withSize(max);
      Buffer payload = Buffer.buffer(repeat('x', max));
      RecordingSink atMaxSink = new RecordingSink();
      Framings.newFramer(atMax, OversizePolicy.CLOSE, atMaxSink).handle(Framings.encoder(atMax).encode(payload));
      assertThat(atMaxSink.frames()).as("maxLength %d", max).singleElement()
          .satisfies(frame -> assertThat(Buffer.buffer(frame)).isEqualTo(payload));
      assertThatThrownBy(() -> Framings.encoder(atMax).encode(Buffer.buffer(repeat('x', max + 1))))
          .isInstanceOf(type == FramingType.FIXED ? UnframeableReplyException.class : FrameTooLongException.class);
    }
  }

  @Test
  void delimitedNeedsADelimiter() {
    FramingConfig delimited = FramingConfig.of(FramingType.DELIMITED);
    for (byte[] bad : new byte[][] {null, new byte[0]}) {
      assertThatThrownBy(() -> Framings.newFramer(delimited.withDelimiter(bad), OversizePolicy.CLOSE, sink))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("delimited framing needs a non-empty delimiter");
      assertThatThrownBy(() -> Framings.encoder(delimited.withDelimiter(bad)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    FramingConfig datagram = FramingConfig.of(FramingType.DATAGRAM).withDelimiter(new byte[0]);
    assertThatThrownBy(() -> Framings.newFramer(datagram, OversizePolicy.CLOSE, sink))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Framings.encoder(datagram)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headerBytesMustBeOneTwoFourOrEight() {
    for (int bad : new int[] {0, 3, 5, 16}) {
      FramingConfig config = FramingConfig.of(FramingType.LENGTH_PREFIXED)
          .withHeader(bad, ByteOrder.BIG_ENDIAN, false);
      assertThatThrownBy(() -> Framings.newFramer(config, OversizePolicy.CLOSE, sink))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("headerBytes must be 1, 2, 4 or 8, was " + bad);
      assertThatThrownBy(() -> Framings.encoder(config)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void nullsAreRejectedAtOnce() {
    FramingConfig config = FramingConfig.of(FramingType.LINES);
    assertThatThrownBy(() -> Framings.newFramer(null, OversizePolicy.CLOSE, sink))
        .isInstanceOf(NullPointerException.class).hasMessage("config");
    assertThatThrownBy(() -> Framings.newFramer(config, null, sink))
        .isInstanceOf(NullPointerException.class).hasMessage("onOversize");
    assertThatThrownBy(() -> Framings.newFramer(config, OversizePolicy.CLOSE, null))
        .isInstanceOf(NullPointerException.class).hasMessage("sink");
    assertThatThrownBy(() -> Framings.encoder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("config");
  }
}
