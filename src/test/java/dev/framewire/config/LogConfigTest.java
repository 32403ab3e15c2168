package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;

class LogConfigTest {
  private static final String HANDLER = "\"handlers\": [{\"type\": \"echo\", \"address\": \"a\"}]";

  @Test
  void absentSectionIsTheDefaults() {
    FramewireConfig config = parse("{" + HANDLER + "}");

    assertThat(config.log()).isEqualTo(LogConfig.DEFAULT);
    assertThat(config.log().format()).isEqualTo(LogFormat.TEXT);
    assertThat(config.log().level()).isEqualTo(Level.INFO);
    assertThat(config.log().payloads()).isFalse();
  }

  @Test
  void emptySectionIsTheDefaults() {
    assertThat(parse("{" + HANDLER + ", \"log\": {}}").log()).isEqualTo(LogConfig.DEFAULT);
  }

  @Test
  void everyKeyResolves() {
    FramewireConfig config = parse("{" + HANDLER + ", \"log\": {\"format\": \"json\", \"level\": \"DEBUG\", "
        + "\"payloads\": true}}");

    assertThat(config.log()).isEqualTo(new LogConfig(LogFormat.JSON, Level.DEBUG, true));
  }

  @ParameterizedTest
  @CsvSource({"debug, DEBUG", "Warn, WARN", "TRACE, TRACE", "error, ERROR", "info, INFO"})
  void levelsInAnyCase(String written, Level level) {
    assertThat(parse("{" + HANDLER + ", \"log\": {\"level\": \"" + written + "\"}}").log().level()).isEqualTo(level);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"format\": \"xml\"}       | log.format: must be one of text, json (was \"xml\")",
      "{\"format\": \"JSON\"}      | log.format: must be one of text, json (was \"JSON\")",
      "{\"format\": 1}             | log.format: must be a string (was 1)",
      "{\"level\": \"verbose\"}    | log.level: must be one of ERROR, WARN, INFO, DEBUG, TRACE (was \"verbose\")",
      "{\"level\": \"\"}           | log.level: must be one of ERROR, WARN, INFO, DEBUG, TRACE (was \"\")",
      "{\"payloads\": \"yes\"}     | log.payloads: must be true or false (was \"yes\")",
      "{\"colour\": \"blue\"}      | log.colour: unknown key (known: format, level, payloads)",
      "\"json\"                    | log: must be an object (was \"json\")"})
  void badValuesNameTheField(String section, String error) {
    assertThat(ConfigErrorsTest.errorsOf("{" + HANDLER + ", \"log\": " + section + "}")).isEqualTo(List.of(error));
  }

  @Test
  void everyErrorOfTheSectionAtOnce() {
    assertThat(ConfigErrorsTest.errorsOf("{" + HANDLER + ", \"log\": {\"format\": \"yaml\", \"level\": \"loud\"}}"))
        .containsExactly("log.format: must be one of text, json (was \"yaml\")",
            "log.level: must be one of ERROR, WARN, INFO, DEBUG, TRACE (was \"loud\")");
  }

  private static FramewireConfig parse(String json) {
    return ConfigLoader.parse(new JsonObject(json));
  }
}
