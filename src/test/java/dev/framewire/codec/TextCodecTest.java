package dev.framewire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.config.CodecConfig;
import dev.framewire.config.CodecType;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextCodecTest {
  private static final BodyCodec UTF8 = Codecs.of(CodecConfig.of(CodecType.TEXT));

  private static Buffer hex(String hex) {
    return Buffer.buffer(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  private static BodyCodec text(Charset charset) {
    return Codecs.of(new CodecConfig(CodecType.TEXT, charset));
  }

  @Test
  void decodesValidUtf8() throws DecodeException {
    String s = "héllo € 𝄞 \u0000 end";
    assertThat(UTF8.decode(Buffer.buffer(s.getBytes(StandardCharsets.UTF_8)))).isEqualTo(s);
    assertThat(UTF8.decode(Buffer.buffer())).isEqualTo("");
    // the extremes of every sequence length
    assertThat(UTF8.decode(hex("7F C280 DFBF E0A080 EFBFBF F0908080 F48FBFBF")))
        .isEqualTo("\u007F\u0080\u07FF\u0800\uFFFF\uD800\uDC00\uDBFF\uDFFF");
    // U+D7FF and U+E000 sit just outside the surrogates
    assertThat(UTF8.decode(hex("ED9FBF EE8080"))).isEqualTo("\uD7FF\uE000");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "overlong 2-byte '/', 41 C0AF, 1",
      "overlong 2-byte NUL, C080, 0",
      "overlong 3-byte, 4142 E080AF, 2",
      "overlong 4-byte, F08080AF, 0",
      "truncated 2-byte at end, 41 C3, 1",
      "truncated 3-byte at end, 414243 E282, 3",
      "truncated 4-byte at end, F09F98, 0",
      "truncated 2-byte before ASCII, C341, 0",
      "truncated 3-byte before ASCII, E28241, 0",
      "lone continuation byte, 414243 80, 3",
      "lone continuation after a whole char, C3A9 BF, 2",
      "surrogate high, ED A080, 0",
      "surrogate low, 41 EDBFBF, 1",
      "above U+10FFFF, F4908080, 0",
      "F5 lead byte, F5808080, 0",
      "FF byte, 41 FF, 1",
      "FE byte, FE, 0",
  })
  void rejectsIllFormedUtf8WithTheOffset(String why, String hex, int offset) {
    assertThatThrownBy(() -> UTF8.decode(hex(hex)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("invalid UTF-8 at byte " + offset);
  }

  @Test
  void theUtf8FastPathAgreesWithTheJdksStrictDecoder() {
    Random random = new Random(1);
    CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] interesting = HexFormat.of().parseHex("00417F80BFC0C1C2DFE0EDEFF0F4F5FF9FA0908F");
    for (int round = 0; round < 50_000; round++) {
      byte[] bytes = new byte[random.nextInt(7)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
            : (byte) random.nextInt(256);
      }
      int expected;
      ByteBuffer in = ByteBuffer.wrap(bytes);
      try {
        jdk.reset().decode(in);
        expected = -1;
      } catch (CharacterCodingException e) {
        expected = in.position();
      }
      assertThat(Utf8.firstInvalid(bytes)).as(HexFormat.of().formatHex(bytes)).isEqualTo(expected);
    }
  }

  @Test
  void decodesIso88591ByteForByte() throws DecodeException {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    String decoded = (String) text(StandardCharsets.ISO_8859_1).decode(Buffer.buffer(all));
    assertThat(decoded).hasSize(256);
    for (int i = 0; i < 256; i++) {
      assertThat((int) decoded.charAt(i)).isEqualTo(i);
    }
    // bytes that are ill-formed UTF-8 are fine Latin-1
    assertThat(text(StandardCharsets.ISO_8859_1).decode(hex("C0AF E9"))).isEqualTo("À¯é");
  }

  @Test
  void otherCharsetsAreStrictToo() throws DecodeException {
    assertThat(text(StandardCharsets.US_ASCII).decode(Buffer.buffer("plain"))).isEqualTo("plain");
    assertThatThrownBy(() -> text(StandardCharsets.US_ASCII).decode(hex("414243 E9")))
        .isInstanceOf(DecodeException.class).hasMessage("invalid US-ASCII at byte 3");
    // windows-1252 has no character for 0x81
    Charset cp1252 = Charset.forName("windows-1252");
    assertThat(text(cp1252).decode(hex("80 41"))).isEqualTo("€A");
    assertThatThrownBy(() -> text(cp1252).decode(hex("41 81")))
        .isInstanceOf(DecodeException.class).hasMessage("unmappable windows-1252 at byte 1");
    // UTF-16: an odd byte out at the end, an unpaired surrogate
    assertThat(text(StandardCharsets.UTF_16BE).decode(hex("0041 00E9"))).isEqualTo("Aé");
    assertThatThrownBy(() -> text(StandardCharsets.UTF_16BE).decode(hex("0041 00")))
        .isInstanceOf(DecodeException.class).hasMessage("invalid UTF-16BE at byte 2");
    assertThatThrownBy(() -> text(StandardCharsets.UTF_16BE).decode(hex("0041 DC00 0041")))
        .isInstanceOf(DecodeException.class).hasMessage("invalid UTF-16BE at byte 2");
  }

  @Test
  void anEmptyFrameIsAnEmptyStringInEveryCharset() throws DecodeException {
    for (Charset charset : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
        StandardCharsets.US_ASCII, StandardCharsets.UTF_16, Charset.forName("windows-1252")}) {
      assertThat(text(charset).decode(Buffer.buffer())).as("%s", charset).isEqualTo("");
    }
  }

  @Test
  void longTextThatOutgrowsTheFirstGuessDecodes() throws DecodeException {
    String s = "ü".repeat(10_000);
    assertThat(text(StandardCharsets.UTF_16LE).decode(Buffer.buffer(s.getBytes(StandardCharsets.UTF_16LE))))
        .isEqualTo(s);
    assertThat(text(Charset.forName("windows-1252")).decode(Buffer.buffer(s.getBytes(Charset.forName("windows-1252")))))
        .isEqualTo(s);
  }

  @Test
  void decodeExceptionsCarryNoStackTrace() {
    assertThatThrownBy(() -> UTF8.decode(hex("FF")))
        .isInstanceOfSatisfying(DecodeException.class,
            e -> assertThat(e.getStackTrace()).isEmpty());
  }
}
