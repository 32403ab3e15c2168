package dev.framewire.config;

/** The {@code limits} section: the process-wide connection cap. */
final class LimitsValidator extends SectionValidator {

  LimitsValidator(ConfigValues values) {
    super(values);
  }

  /** @return the resolved section, or null if anything at or under {@code p} failed */
  LimitsConfig limits(ConfigSpec.Limits l, String p) {
    Integer maxConnections = values.integer(l.maxConnections(), p + ".maxConnections", 1,
        LimitsConfig.MAX_CONNECTIONS);
    if (errors.hasUnder(p)) {
      return null;
    }
    return new LimitsConfig(maxConnections);
  }
}
