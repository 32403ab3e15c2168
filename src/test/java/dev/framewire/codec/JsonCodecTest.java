package dev.framewire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.CodecConfig;
import dev.framewire.config.CodecType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {
  private static final BodyCodec JSON = Codecs.of(CodecConfig.of(CodecType.JSON));

  private static Object decode(String json) throws DecodeException {
    return JSON.decode(Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decodesAnObject() throws DecodeException {
    Object body = decode(" {\"a\": 1, \"b\": [true, null, \"é\"], \"c\": {\"d\": 2.5}}\r\n");
    assertThat(body).isInstanceOf(JsonObject.class);
    JsonObject object = (JsonObject) body;
    assertThat(object.getInteger("a")).isEqualTo(1);
    assertThat(object.getJsonArray("b").getString(2)).isEqualTo("é");
    assertThat(object.getJsonObject("c").getDouble("d")).isEqualTo(2.5);
    assertThat(object).isEqualTo(new JsonObject("{\"a\": 1, \"b\": [true, null, \"é\"], \"c\": {\"d\": 2.5}}"));
  }

  @Test
  void decodesAnArray() throws DecodeException {
    assertThat(decode("[1, \"two\", {\"three\": 3}]"))
        .isEqualTo(new JsonArray().add(1).add("two").add(new JsonObject().put("three", 3)));
    assertThat(decode("[]")).isEqualTo(new JsonArray());
    assertThat(decode("{}")).isEqualTo(new JsonObject());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "42            | JSON frame must be an object or an array, not a number",
      "-1.5e3        | JSON frame must be an object or an array, not a number",
      "'\"text\"'    | JSON frame must be an object or an array, not a string",
      "true          | JSON frame must be an object or an array, not a boolean",
      "null          | JSON frame must be an object or an array, not null",
  })
  void rejectsScalars(String json, String message) {
    assertThatThrownBy(() -> decode(json.strip().replace("'", "")))
        .isInstanceOf(DecodeException.class).hasMessage(message);
  }

  @Test
  void rejectsEmptyFrames() {
    assertThatThrownBy(() -> decode("")).isInstanceOf(DecodeException.class)
        .hasMessage("empty JSON frame");
    assertThatThrownBy(() -> decode(" \r\n\t")).isInstanceOf(DecodeException.class)
        .hasMessage("empty JSON frame");
  }

  @Test
  void rejectsInvalidJsonWithAShortMessage() {
    for (String bad : new String[] {"{\"a\":}", "{\"a\" 1}", "[1,2", "{'a': 1}", "[1,]x", "{\"a\":NaN}",
        "nope", "{" + "\"k\":".repeat(3) + "x".repeat(1000)}) {
      assertThatThrownBy(() -> decode(bad)).as(bad)
          .isInstanceOf(DecodeException.class)
          .hasMessageStartingWith("invalid JSON")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("\n"));
    }
    assertThatThrownBy(() -> decode("{\"a\":}"))
        .hasMessageStartingWith("invalid JSON at byte 5: Unexpected character ('}'");
  }

  @Test
  void rejectsTrailingData() {
    assertThatThrownBy(() -> decode("{\"a\":1} x")).isInstanceOf(DecodeException.class)
        .hasMessage("trailing data after the JSON object at byte 7");
    assertThatThrownBy(() -> decode("{}{}")).isInstanceOf(DecodeException.class)
        .hasMessage("trailing data after the JSON object at byte 2");
    assertThatThrownBy(() -> decode("[1]]")).isInstanceOf(DecodeException.class)
        .hasMessage("trailing data after the JSON array at byte 3");
    assertThatThrownBy(() -> decode("[1] 2")).isInstanceOf(DecodeException.class)
        .hasMessage("trailing data after the JSON array at byte 3");
  }

  @Test
  void rejectsIllFormedUtf8EvenInsideStrings() {
    // C0 AF is an overlong '/', which Jackson alone would let through
    Buffer overlong = Buffer.buffer("{\"a\":\"").appendBytes(HexFormat.of().parseHex("C0AF"))
        .appendString("\"}");
    assertThatThrownBy(() -> JSON.decode(overlong)).isInstanceOf(DecodeException.class)
        .hasMessage("invalid UTF-8 at byte 6");
    Buffer truncated = Buffer.buffer("[\"").appendBytes(HexFormat.of().parseHex("E282"))
        .appendString("\"]");
    assertThatThrownBy(() -> JSON.decode(truncated)).isInstanceOf(DecodeException.class)
        .hasMessage("invalid UTF-8 at byte 2");
    Buffer lone = Buffer.buffer("[").appendBytes(HexFormat.of().parseHex("80")).appendString("]");
    assertThatThrownBy(() -> JSON.decode(lone)).isInstanceOf(DecodeException.class)
        .hasMessage("invalid UTF-8 at byte 1");
  }

  @Test
  void jsonFramesAreUtf8WhateverTheConfiguredCharset() throws DecodeException {
    BodyCodec latin1 = Codecs.of(new CodecConfig(CodecType.JSON, StandardCharsets.ISO_8859_1));
    assertThat(latin1.decode(Buffer.buffer("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(new JsonObject().put("a", "é"));
    // ... while a String reply uses the configured charset
    assertThat(latin1.encode("é").getBytes()).containsExactly(0xE9);
  }
}
