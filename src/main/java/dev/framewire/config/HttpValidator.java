package dev.framewire.config;

/** The {@code http} section: where the monitoring server binds, its token, what the dashboard may do. */
final class HttpValidator extends SectionValidator {
  /** Shorter tokens are guessable; a token is meant to be a random secret. */
  static final int MIN_TOKEN_LENGTH = 16;

  private final PortBindings ports;

  HttpValidator(ConfigValues values, PortBindings ports) {
    super(values);
    this.ports = ports;
  }

  /** @return the resolved section, or null if anything at or under {@code p} failed */
  HttpConfig http(ConfigSpec.Http h, String p) {
    Endpoint endpoint = tcpEndpoint(h.host(), h.port(), p, ports);
    String token = h.token();
    if (token != null && token.isBlank()) {
      errors.add(p + ".token", "must not be blank");
    } else if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      errors.add(p + ".token", "must be at least " + MIN_TOKEN_LENGTH + " characters (was " + token.length() + ")");
    }
    if (errors.hasUnder(p)) {
      return null;
    }
    return new HttpConfig(endpoint.host(), endpoint.port(), token, Boolean.TRUE.equals(h.actions()), Boolean.TRUE.equals(h.tail()));
  }
}
