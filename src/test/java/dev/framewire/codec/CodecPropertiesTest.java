package dev.framewire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.framewire.config.CodecConfig;
import dev.framewire.config.CodecType;
import dev.framewire.testutil.Tries;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the codecs over generated frames ({@link Tries}): whatever the bytes, a codec gives
 * a body or a {@link DecodeException}, never another exception; {@code text} accepts exactly what
 * the JDK's strict decoder accepts, and its error names the first bad byte; {@code json} gives back
 * what was encoded, and never a scalar. The coverage-guided search over the same decoders is
 * {@link CodecFuzzTest}.
 */
class CodecPropertiesTest {
  private static final BodyCodec TEXT = Codecs.of(CodecConfig.of(CodecType.TEXT));
  private static final BodyCodec JSON = Codecs.of(CodecConfig.of(CodecType.JSON));
  /** Lead bytes, continuation bytes, the bounds of the overlong and surrogate ranges, ASCII. */
  private static final int[] UTF8_BYTES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
      0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xF8, 0xFF};
  /** Characters JSON strings must escape. */
  private static final String ESCAPED = "\"\\/\b\f\n\r\t\u0000\u001f";
  private static final String[] JSON_TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\"a\"", "1",
      "-0", "1e999", "0.5", "true", "false", "null", " ", "\n", "\\", "\\u", "\\ud800", "é", "//",
      "/*", "NaN", "'", "\u0000", "{\"a\":", "[[[[", "]]]]"};

  @Test
  void textAcceptsExactlyWhatTheStrictJdkDecoderAccepts() {
    Tries.run(20_000, random -> {
      byte[] frame = utf8ish(random, 12);
      String jdk = strictJdk(frame, StandardCharsets.UTF_8);
      Throwable thrown = catchThrowable(() -> assertThat(TEXT.decode(Buffer.buffer(frame))).isEqualTo(jdk));
      String what = HexFormat.of().formatHex(frame);
      if (jdk != null) {
        assertThat(thrown).as(what).isNull();
      } else {
        assertThat(thrown).as(what).isInstanceOf(DecodeException.class)
            .hasMessageMatching("invalid UTF-8 at byte \\d+");
        int at = Integer.parseInt(thrown.getMessage().substring("invalid UTF-8 at byte ".length()));
        // everything before the byte named is well-formed; the sequence starting there is not
        assertThat(strictJdk(java.util.Arrays.copyOf(frame, at), StandardCharsets.UTF_8)).as(what).isNotNull();
        assertThat(at).as(what).isLessThan(frame.length);
      }
    });
  }

  @Test
  void textInAnyCharsetGivesAStringOrADecodeException() {
    Charset[] charsets = {StandardCharsets.US_ASCII, StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
        StandardCharsets.ISO_8859_1, Charset.forName("Shift_JIS"), Charset.forName("windows-1252")};
    Tries.run(5_000, random -> {
      Charset charset = charsets[random.nextInt(charsets.length)];
      byte[] frame = new byte[random.nextInt(16)];
      random.nextBytes(frame);
      BodyCodec codec = Codecs.of(new CodecConfig(CodecType.TEXT, charset));
      String jdk = strictJdk(frame, charset);
      Throwable thrown = catchThrowable(() -> assertThat(codec.decode(Buffer.buffer(frame))).isEqualTo(jdk));
      String what = charset + " " + HexFormat.of().formatHex(frame);
      if (jdk != null) {
        assertThat(thrown).as(what).isNull();
      } else {
        assertThat(thrown).as(what).isInstanceOf(DecodeException.class)
            .hasMessageMatching("(invalid|unmappable) " + charset.name() + " at byte \\d+");
      }
    });
  }

  @Test
  void jsonOfAnyBytesIsAnObjectAnArrayOrADecodeException() {
    Tries.run(20_000, random -> {
      byte[] frame = random.nextInt(4) == 0 ? utf8ish(random, 40) : jsonish(random);
      Object body;
      try {
        body = JSON.decode(Buffer.buffer(frame));
      } catch (DecodeException e) {
        assertThat(e.getMessage()).as(HexFormat.of().formatHex(frame)).isNotBlank().hasSizeLessThan(200);
        return;
      }
      assertThat(body).as(HexFormat.of().formatHex(frame)).isInstanceOfAny(JsonObject.class, JsonArray.class);
      // the same value Vert.x's own parser gives
      assertThat(body).isEqualTo(Json.decodeValue(Buffer.buffer(frame)));
    });
  }

  @Test
  void jsonGivesBackWhatWasEncoded() {
    Tries.run(5_000, random -> {
      Object value = random.nextBoolean() ? object(random, 3) : array(random, 3);
      Buffer encoded = JSON.encode(value);
      assertThat(JSON.decode(encoded)).as(encoded.toString()).isEqualTo(value);
      // and again with whitespace around it
      Buffer padded = Buffer.buffer(" \n").appendBuffer(encoded).appendString("\r\n\t");
      assertThat(JSON.decode(padded)).isEqualTo(value);
    });
  }

  /** Nesting far deeper than any real message: refused, not a stack overflow. */
  @Test
  void deepNestingIsADecodeException() {
    for (int depth : new int[] {999, 1001, 100_000}) {
      byte[] frame = ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
      Throwable thrown = catchThrowable(() -> JSON.decode(Buffer.buffer(frame)));
      if (depth < 1000) {
        assertThat(thrown).as("depth %d", depth).isNull();
      } else {
        assertThat(thrown).as("depth %d", depth).isInstanceOf(DecodeException.class);
      }
    }
  }

  // -- generators

  /** Up to {@code max} bytes, mostly from the edges of UTF-8's ranges, some valid characters. */
  private static byte[] utf8ish(Random random, int max) {
    Buffer out = Buffer.buffer();
    for (int n = random.nextInt(max + 1); n > 0; n--) {
      switch (random.nextInt(4)) {
        case 0 -> out.appendString(new String(Character.toChars(codePoint(random))), "UTF-8");
        default -> out.appendByte((byte) UTF8_BYTES[random.nextInt(UTF8_BYTES.length)]);
      }
    }
    return out.getBytes();
  }

  private static int codePoint(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(0x80);
      case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
      case 2 -> {
        int c = 0x800 + random.nextInt(0x10000 - 0x800);
        yield c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c;
      }
      default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
    };
  }

  /** JSON tokens in random order: mostly invalid JSON, sometimes valid, often almost. */
  private static byte[] jsonish(Random random) {
    StringBuilder json = new StringBuilder();
    for (int n = random.nextInt(24); n > 0; n--) {
      json.append(JSON_TOKENS[random.nextInt(JSON_TOKENS.length)]);
    }
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject object(Random random, int depth) {
    JsonObject object = new JsonObject();
    for (int n = random.nextInt(4); n > 0; n--) {
      object.put(string(random), value(random, depth - 1));
    }
    return object;
  }

  private static JsonArray array(Random random, int depth) {
    JsonArray array = new JsonArray();
    for (int n = random.nextInt(4); n > 0; n--) {
      array.add(value(random, depth - 1));
    }
    return array;
  }

  private static Object value(Random random, int depth) {
    return switch (random.nextInt(depth > 0 ? 8 : 6)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextInt(1000) / 8.0;
      case 5 -> string(random);
      case 6 -> object(random, depth);
      default -> array(random, depth);
    };
  }

  private static String string(Random random) {
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(6); n > 0; n--) {
      s.appendCodePoint(random.nextInt(5) == 0 ? ESCAPED.charAt(random.nextInt(ESCAPED.length()))
          : codePoint(random));
    }
    return s.toString();
  }

  /** The frame decoded by the JDK, refusing malformed and unmappable input; null when refused. */
  private static String strictJdk(byte[] frame, Charset charset) {
    try {
      return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(frame)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
