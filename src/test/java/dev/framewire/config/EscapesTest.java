package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapesTest {

  /** Text as the JSON parser hands it over (so "\\n" here is backslash + n) → bytes in hex. */
  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(delimiter = '|', value = {
      "\\n            | 0a",
      "\\r\\n         | 0d0a",
      "\\t            | 09",
      "\\0            | 00",
      "\\\\           | 5c",
      "\\x00\\x01     | 0001",
      "\\xff          | ff",
      "\\xFF          | ff",
      "\\u00e9        | e9",
      "\\u20ac        | e282ac",
      "é              | e9",
      "€              | e282ac",
      "\\uD83D\\uDE00 | f09f9880",
      "😀             | f09f9880",
      "END            | 454e44",
      "a\\nb          | 610a62",
  })
  void decodes(String text, String hex) {
    assertThat(HexFormat.of().formatHex(Escapes.decode(text.strip()))).isEqualTo(hex);
  }

  @org.junit.jupiter.api.Test
  void realControlCharactersPassThrough() {
    assertThat(Escapes.decode("\r\n")).containsExactly('\r', '\n');
    assertThat(Escapes.decode("")).isEmpty();
  }

  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(delimiter = '|', value = {
      "\\q       | unknown escape \\q (known: \\n \\r \\t \\0 \\\\ \\xHH \\uHHHH)",
      "ab\\      | a trailing \\ must be written \\\\",
      "\\x4      | \\x needs 2 hex digits",
      "\\xg0     | \\x needs 2 hex digits",
      "\\x٣٣     | \\x needs 2 hex digits",
      "\\u12     | \\u needs 4 hex digits",
      "\\uD83D   | unpaired surrogate \\uD83D",
      "\\uDE00x  | unpaired surrogate \\uDE00",
  })
  void rejects(String text, String message) {
    assertThatThrownBy(() -> Escapes.decode(text.strip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
