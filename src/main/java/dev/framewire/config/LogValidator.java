package dev.framewire.config;

import static dev.framewire.config.ConfigValues.orDefault;

import org.slf4j.event.Level;

/** The {@code log} section: format, level, payloads. */
final class LogValidator extends SectionValidator {

  LogValidator(ConfigValues values) {
    super(values);
  }

  /** @return the resolved section, or null if anything at or under {@code p} failed */
  LogConfig log(ConfigSpec.Log l, String p) {
    LogFormat format = l.format() == null ? LogConfig.DEFAULT_FORMAT
        : values.choice(l.format(), p + ".format", LogFormat.values(), LogFormat::json);
    Level level = l.level() == null ? LogConfig.DEFAULT_LEVEL : level(l.level(), p + ".level");
    boolean payloads = orDefault(l.payloads(), false);
    if (errors.hasUnder(p)) {
      return null;
    }
    return new LogConfig(format, level, payloads);
  }

  /** {@code "debug"} or {@code "DEBUG"}; an error lists the names as written in the docs. */
  private Level level(String name, String path) {
    Level level = LogConfig.level(name);
    return level != null ? level : values.choice(name, path, Level.values(), Level::name);
  }
}
