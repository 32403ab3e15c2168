package dev.framewire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.CodecConfig;
import dev.framewire.config.CodecType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CodecsTest {

  @Test
  void bytesCodecReturnsTheFrameItself() throws DecodeException {
    Buffer frame = Buffer.buffer(new byte[] {(byte) 0xFF, 0, 1});
    assertThat(Codecs.of(CodecConfig.of(CodecType.BYTES)).decode(frame)).isSameAs(frame);
  }

  @Test
  void eachTypeDecodesToItsBodyType() throws DecodeException {
    Buffer frame = Buffer.buffer("[1]");
    assertThat(Codecs.of(CodecConfig.of(CodecType.BYTES)).decode(frame)).isInstanceOf(Buffer.class);
    assertThat(Codecs.of(CodecConfig.of(CodecType.TEXT)).decode(frame)).isEqualTo("[1]");
    assertThat(Codecs.of(CodecConfig.of(CodecType.JSON)).decode(frame)).isEqualTo(new JsonArray().add(1));
  }

  @ParameterizedTest
  @EnumSource(CodecType.class)
  void everyCodecEncodesEverySupportedReplyType(CodecType type) {
    BodyCodec codec = Codecs.of(CodecConfig.of(type));
    Buffer buffer = Buffer.buffer("as is");
    assertThat(codec.encode(buffer)).isSameAs(buffer);
    assertThat(codec.encode("héllo").getBytes()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    assertThat(codec.encode(new JsonObject().put("a", 1)).toString()).isEqualTo("{\"a\":1}");
    assertThat(codec.encode(new JsonArray().add("é")).getBytes())
        .isEqualTo("[\"é\"]".getBytes(StandardCharsets.UTF_8));
    byte[] bytes = {1, 2, 3};
    Buffer fromBytes = codec.encode(bytes);
    bytes[0] = 9;
    assertThat(fromBytes.getBytes()).containsExactly(1, 2, 3);
    assertThat(codec.encode(null)).isNull();
  }

  @ParameterizedTest
  @EnumSource(CodecType.class)
  void anUnsupportedReplyTypeIsRejected(CodecType type) {
    BodyCodec codec = Codecs.of(CodecConfig.of(type));
    assertThatThrownBy(() -> codec.encode(42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot encode reply body of type java.lang.Integer");
    assertThatThrownBy(() -> codec.encode(new StringBuilder("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot encode reply body of type java.lang.StringBuilder");
  }

  @Test
  void stringRepliesUseTheConfiguredCharset() {
    BodyCodec latin1 = Codecs.of(new CodecConfig(CodecType.TEXT, StandardCharsets.ISO_8859_1));
    assertThat(latin1.encode("é").getBytes()).containsExactly(0xE9);
    // what the charset cannot represent becomes its replacement byte
    assertThat(latin1.encode("€").getBytes()).containsExactly('?');
  }

  @Test
  void nullsAreRejectedAtOnce() {
    assertThatThrownBy(() -> Codecs.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("config");
  }
}
