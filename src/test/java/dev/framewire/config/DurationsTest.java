package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("0", Duration.ZERO),
        Arguments.of("0ms", Duration.ZERO),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("1ms", Duration.ofMillis(1)),
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("1500ms", Duration.ofMillis(1500)),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("48h", Duration.ofHours(48)),
        Arguments.of("007s", Duration.ofSeconds(7)));
  }

  @ParameterizedTest(name = "\"{0}\" = {1}")
  @MethodSource("valid")
  void parses(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "30", "1", "-1s", "1.5s", "1 s", " 1s", "1s ", "1d", "1us", "ms", "s",
      "30S", "1H", "1m30s", "PT30S", "0x10s", "１s", "9223372036854775807h", "9999999999999999999ms"})
  void rejects(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> formatted() {
    return Stream.of(
        Arguments.of(Duration.ZERO, "0"),
        Arguments.of(Duration.ofMillis(1), "1ms"),
        Arguments.of(Duration.ofMillis(250), "250ms"),
        Arguments.of(Duration.ofMillis(1500), "1500ms"),
        Arguments.of(Duration.ofSeconds(30), "30s"),
        Arguments.of(Duration.ofSeconds(90), "90s"),
        Arguments.of(Duration.ofSeconds(120), "2m"),
        Arguments.of(Duration.ofMinutes(5), "5m"),
        Arguments.of(Duration.ofMinutes(90), "90m"),
        Arguments.of(Duration.ofHours(1), "1h"),
        Arguments.of(Duration.ofHours(24), "24h"));
  }

  @ParameterizedTest(name = "{0} → \"{1}\"")
  @MethodSource("formatted")
  void formatsInTheLargestExactUnitAndRoundTrips(Duration d, String expected) {
    assertThat(Durations.format(d)).isEqualTo(expected);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Test
  void formatsWhatConfigCannotExpressAsIso() {
    assertThat(Durations.format(Duration.ofNanos(500_000))).isEqualTo("PT0.0005S");
    assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("PT-1S");
  }
}
