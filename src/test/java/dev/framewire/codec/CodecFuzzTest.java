package dev.framewire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.framewire.config.CodecConfig;
import dev.framewire.config.CodecType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the decoders a client's bytes reach: {@code text} (UTF-8)
 * accepts exactly what the JDK's strict decoder accepts, {@code json} gives an object or an array
 * equal to Vert.x's own parse, and both refuse everything else with a {@link DecodeException}; any
 * other exception fails the test.
 *
 * <p>{@code mvn test} replays {@code src/test/resources/dev/framewire/codec/CodecFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class CodecFuzzTest {
  private static final BodyCodec TEXT = Codecs.of(CodecConfig.of(CodecType.TEXT));
  private static final BodyCodec JSON = Codecs.of(CodecConfig.of(CodecType.JSON));

  @FuzzTest(maxDuration = "5m")
  void textDecodesExactlyWellFormedUtf8(byte[] frame) {
    String expected;
    try {
      expected = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(frame)).toString();
    } catch (CharacterCodingException e) {
      expected = null;
    }
    try {
      assertThat(TEXT.decode(Buffer.buffer(frame))).isEqualTo(expected).isNotNull();
    } catch (DecodeException e) {
      assertThat(expected).as("refused well-formed UTF-8: %s", e.getMessage()).isNull();
      assertThat(e.getMessage()).matches("invalid UTF-8 at byte \\d+");
    }
  }

  @FuzzTest(maxDuration = "5m")
  void jsonIsAnObjectAnArrayOrADecodeException(byte[] frame) {
    Object body;
    try {
      body = JSON.decode(Buffer.buffer(frame));
    } catch (DecodeException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(200);
      return;
    }
    assertThat(body).isInstanceOfAny(JsonObject.class, JsonArray.class)
        .isEqualTo(Json.decodeValue(Buffer.buffer(frame)));
  }
}
