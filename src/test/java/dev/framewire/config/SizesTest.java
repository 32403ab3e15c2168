package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest(name = "\"{0}\" = {1}")
  @CsvSource({
      "0, 0",
      "65536, 65536",
      "0B, 0",
      "512B, 512",
      "1KiB, 1024",
      "64KiB, 65536",
      "1MiB, 1048576",
      "16MiB, 16777216",
      "1GiB, 1073741824",
      "8GiB, 8589934592",
  })
  void parses(String text, long expected) {
    assertThat(Sizes.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "-1", "1.5MiB", "64KB", "64kb", "64kib", "64K", "1 KiB", "1TiB",
      "KiB", "B", "0x10", "9223372036854775807GiB", "99999999999999999999"})
  void rejects(String text) {
    assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
