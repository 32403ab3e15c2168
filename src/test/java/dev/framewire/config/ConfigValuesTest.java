package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared value checks on their own: each one's accepted and rejected boundaries, with the exact
 * error it records. JSON values are written with {@code '} for {@code "}.
 */
class ConfigValuesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Errors errors = new Errors();
  private final ConfigValues values = new ConfigValues(errors);

  private static JsonNode node(String json) {
    try {
      return MAPPER.readTree(json.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  // ---------------------------------------------------------------- integer

  @Test
  void integerAcceptsBothBounds() {
    assertThat(values.integer(1L, "p", 1, 65535)).isEqualTo(1);
    assertThat(values.integer(65535L, "p", 1, 65535)).isEqualTo(65535);
    assertThat(values.integer(null, "p", 1, 65535)).isNull();
    assertThat(errors.list()).isEmpty();
  }

  @Test
  void integerRejectsJustOutsideEitherBound() {
    assertThat(values.integer(0L, "a", 1, 65535)).isNull();
    assertThat(values.integer(65536L, "b", 1, 65535)).isNull();
    assertThat(values.integer(Long.MIN_VALUE, "c", 0, 65535)).isNull();
    assertThat(errors.list()).containsExactly(
        "a: must be between 1 and 65535 (was 0)",
        "b: must be between 1 and 65535 (was 65536)",
        "c: must be between 0 and 65535 (was -9223372036854775808)");
  }

  // ---------------------------------------------------------------- size

  @Test
  void sizeAcceptsIntegersAndUnitsUpToBothBounds() {
    assertThat(values.size(node("1"), "p", 1, 1048576)).isEqualTo(1);
    assertThat(values.size(node("1048576"), "p", 1, 1048576)).isEqualTo(1048576);
    assertThat(values.size(node("'1MiB'"), "p", 1, 1048576)).isEqualTo(1048576);
    assertThat(values.size(node("'64KiB'"), "p", 1, 1048576)).isEqualTo(65536);
    assertThat(values.size(node("'512B'"), "p", 1, 1048576)).isEqualTo(512);
    assertThat(values.size(null, "p", 1, 1048576)).isNull();
    assertThat(values.size(node("null"), "p", 1, 1048576)).isNull();
    assertThat(errors.list()).isEmpty();
  }

  static Stream<Arguments> badSizes() {
    String range = "must be between 1 and 1048576 (was ";
    String notASize = "must be a size like 65536, 64KiB or 1MiB (was ";
    return Stream.of(
        // just outside either bound, shown as written
        Arguments.of("0", range + "0)"),
        Arguments.of("1048577", range + "1048577)"),
        Arguments.of("'0B'", range + "\"0B\")"),
        Arguments.of("'1025KiB'", range + "\"1025KiB\")"),
        Arguments.of("-1", range + "-1)"),
        Arguments.of("99999999999999999999999", range + "99999999999999999999999)"),
        // not a size at all
        Arguments.of("'64KB'", notASize + "\"64KB\")"),
        Arguments.of("1.5", notASize + "1.5)"),
        Arguments.of("true", notASize + "true)"),
        Arguments.of("[1]", notASize + "[1])"),
        Arguments.of("''", notASize + "\"\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSizes")
  void sizeRejects(String json, String message) {
    assertThat(values.size(node(json), "p", 1, 1048576)).isNull();
    assertThat(errors.list()).containsExactly("p: " + message);
  }

  // ---------------------------------------------------------------- duration

  @Test
  void durationAcceptsBothBoundsAndGivesTheDefaultWhenAbsent() {
    Duration min = Duration.ofMillis(1);
    Duration max = Duration.ofHours(1);
    Duration absent = Duration.ofSeconds(30);
    assertThat(values.duration(node("'1ms'"), "p", min, max, absent)).isEqualTo(min);
    assertThat(values.duration(node("'60m'"), "p", min, max, absent)).isEqualTo(max);
    assertThat(values.duration(null, "p", min, max, absent)).isEqualTo(absent);
    assertThat(values.duration(node("null"), "p", min, max, absent)).isEqualTo(absent);
    assertThat(values.duration(node("0"), "p", Duration.ZERO, max, absent)).isEqualTo(Duration.ZERO);
    assertThat(values.duration(node("'0'"), "p", Duration.ZERO, max, absent)).isEqualTo(Duration.ZERO);
    assertThat(errors.list()).isEmpty();
  }

  /** Each with its minimum; the maximum is 1h, and a value that is not set would be 30s. */
  static Stream<Arguments> badDurations() {
    String range = "must be between 1ms and 1h (was ";
    String notADuration = "must be a duration like 250ms, 30s or 5m (was ";
    return Stream.of(
        // just outside either bound, shown as written
        Arguments.of("'0ms'", "1ms", range + "\"0ms\")"),
        Arguments.of("0", "1ms", range + "0)"),
        Arguments.of("'3600001ms'", "1ms", range + "\"3600001ms\")"),
        Arguments.of("'61m'", "0", "must be between 0 and 1h (was \"61m\")"),
        // not a duration at all: the default does not stand in for it
        Arguments.of("1", "0", notADuration + "1)"),
        Arguments.of("0.0", "0", notADuration + "0.0)"),
        Arguments.of("'1 s'", "0", notADuration + "\"1 s\")"),
        Arguments.of("false", "0", notADuration + "false)"));
  }

  @ParameterizedTest(name = "{0} (min {1})")
  @MethodSource("badDurations")
  void durationRejects(String json, String min, String message) {
    assertThat(values.duration(node(json), "p", Durations.parse(min), Duration.ofHours(1), Duration.ofSeconds(30)))
        .isNull();
    assertThat(errors.list()).containsExactly("p: " + message);
  }

  // ---------------------------------------------------------------- choice, name, required

  @Test
  void choiceMatchesTheJsonNameExactly() {
    assertThat(values.choice("udp", "p", Protocol.values(), Protocol::json)).isEqualTo(Protocol.UDP);
    assertThat(values.choice("UDP", "a", Protocol.values(), Protocol::json)).isNull();
    assertThat(values.choice("", "b", Protocol.values(), Protocol::json)).isNull();
    assertThat(errors.list()).containsExactly(
        "a: must be one of tcp, udp (was \"UDP\")",
        "b: must be one of tcp, udp (was \"\")");
  }

  @Test
  void nameAcceptsSixtyFourOfTheAllowedCharactersAndNoMore() {
    assertThat(values.name("a.B_c-9", "p")).isTrue();
    assertThat(values.name("n".repeat(64), "p")).isTrue();
    assertThat(values.name("n".repeat(65), "a")).isFalse();
    assertThat(values.name("", "b")).isFalse();
    assertThat(values.name("a b", "c")).isFalse();
    assertThat(errors.list()).containsExactly(
        "a: must match [A-Za-z0-9._-]{1,64} (was \"" + "n".repeat(56) + "...)",
        "b: must match [A-Za-z0-9._-]{1,64} (was \"\")",
        "c: must match [A-Za-z0-9._-]{1,64} (was \"a b\")");
  }

  @Test
  void requiredAndNonEmpty() {
    assertThat(values.required("x", "p")).isEqualTo("x");
    assertThat(values.nonEmpty("x", "p")).isEqualTo("x");
    assertThat(values.nonEmpty(null, "p")).isNull();
    assertThat(values.required(null, "a")).isNull();
    assertThat(values.nonEmpty("", "b")).isNull();
    assertThat(values.nonEmpty(" \t", "c")).isNull();
    assertThat((Object) values.missing("d", "required for verticle handlers")).isNull();
    assertThat(errors.list()).containsExactly(
        "a: required",
        "b: must not be empty",
        "c: must not be empty",
        "d: required for verticle handlers");
  }

  @Test
  void onlyForWithAndWithoutRecordNothingForAnAbsentValue() {
    values.onlyFor(null, "p", "tcp listeners");
    values.onlyWith(null, "p", "keyStorePath");
    values.onlyWithout(null, "p", "not used");
    assertThat(errors.list()).isEmpty();
    values.onlyFor(false, "a", "tcp listeners");
    values.onlyWith("", "b", "keyStorePath");
    values.onlyWithout(0L, "c", "not used with x");
    assertThat(errors.list()).containsExactly(
        "a: only for tcp listeners",
        "b: only with keyStorePath",
        "c: not used with x");
  }

  @Test
  void theFirstErrorAtAPathWins() {
    values.integer(0L, "p", 1, 2);
    values.missing("p");
    assertThat(errors.list()).containsExactly("p: must be between 1 and 2 (was 0)");
  }

  // ---------------------------------------------------------------- files

  @Test
  void existingFileAcceptsARegularFile(@TempDir Path dir) throws IOException {
    String file = Files.createFile(dir.resolve("cert.pem")).toString();
    assertThat(values.existingFile(file, "p")).isEqualTo(file);
    assertThat(values.existingFile(null, "p")).isNull();
    assertThat(errors.list()).isEmpty();
  }

  @Test
  void existingFileRejectsWhatIsNotAFile(@TempDir Path dir) {
    String missing = dir.resolve("missing.pem").toString();
    String relative = "no-such-dir-here/cert.pem";
    assertThat(values.existingFile(missing, "a")).isNull();
    assertThat(values.existingFile(dir.toString(), "b")).isNull();
    assertThat(values.existingFile(relative, "c")).isNull();
    assertThat(values.existingFile(" ", "d")).isNull();
    assertThat(values.existingFile("a\0b", "e")).isNull();
    assertThat(errors.list()).containsExactly(
        "a: no such file: " + missing,
        "b: not a regular file: " + dir,
        "c: no such file: " + relative + " (" + Path.of(relative).toAbsolutePath().normalize() + ")",
        "d: must not be empty",
        "e: not a valid file path: Nul character not allowed (was \"a\\u0000b\")");
  }

  // ---------------------------------------------------------------- IP literals

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"224.0.0.0", "239.1.2.3", "239.255.255.255", "ff02::1", "FF05::1:3", "ff0e::"})
  void multicastLiterals(String text) {
    assertThat(ConfigValues.isMulticastLiteral(text)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"223.255.255.255", "240.0.0.0", "127.0.0.1", "239.1.2.256", "239.1.2", "239.1.2.3.4",
      "fe80::1", "::1", "ff02:::1", "ff02::g", "localhost", "", "239.1.2.3 "})
  void notMulticastLiterals(String text) {
    assertThat(ConfigValues.isMulticastLiteral(text)).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"::1", "::", "fe80::1", "2001:db8::1", "::ffff:10.0.0.1", "1:2:3:4:5:6:7:8"})
  void ipv6Literals(String text) {
    assertThat(ConfigValues.isIpv6Literal(text)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"10.0.0.1", "1:2:3:4:5:6:7:8:9", ":::", "2001:db8::g", "fe80::1%eth0", "localhost", ""})
  void notIpv6Literals(String text) {
    assertThat(ConfigValues.isIpv6Literal(text)).isFalse();
  }

  // ---------------------------------------------------------------- quote

  @Test
  void quoteShowsAJsonStringShortenedToSixtyCharacters() {
    assertThat(ConfigValues.quote("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(ConfigValues.quote("x".repeat(58))).isEqualTo("\"" + "x".repeat(58) + "\"");
    assertThat(ConfigValues.quote("x".repeat(59))).isEqualTo("\"" + "x".repeat(56) + "...");
    assertThat(ConfigValues.quote("")).isEqualTo("\"\"");
  }
}
