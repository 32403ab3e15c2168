package dev.framewire.config;

/**
 * What every section's validator starts from: the shared value checks and the one error list of the
 * pass (the same one {@code values} records into).
 */
abstract class SectionValidator {
  final ConfigValues values;
  final Errors errors;

  SectionValidator(ConfigValues values) {
    this.values = values;
    this.errors = values.errors();
  }
}
