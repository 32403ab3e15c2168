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

  /** Where a one-port TCP section ({@code bridge}, {@code http}) binds; {@code port} null when it failed. */
  record Endpoint(String host, Integer port) {
  }

  /**
   * The {@code host} (default {@link ListenerConfig#DEFAULT_HOST}) and required {@code port} of the
   * one-port TCP section at {@code p}, the port claimed in {@code ports} so that no other section
   * or listener binds it too.
   */
  Endpoint tcpEndpoint(String host, Long port, String p, PortBindings ports) {
    String h = ConfigValues.orDefault(values.nonEmpty(host, p + ".host"), ListenerConfig.DEFAULT_HOST);
    Integer n = port == null ? values.missing(p + ".port") : values.integer(port, p + ".port", 0, 65535);
    if (n != null && !errors.has(p + ".host")) {
      ports.bind(Protocol.TCP, h, n, p);
    }
    return new Endpoint(h, n);
  }
}
