package dev.framewire.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration that cannot be loaded or is invalid. Carries every problem found, not just the
 * first, each as {@code "path: message"}:
 *
 * <pre>
 * listeners[0].prot: unknown key (known: name, protocol, host, port, ...)
 * listeners[2].framing.maxLength: must be between 1 and 16777216 (was 0)
 * FRAMEWIRE_ECHO_PORT: must be between 0 and 65535 (was 70000)
 * </pre>
 *
 * <p>The path is a JSON path into the configuration ({@code listeners[2].framing.headerBytes}), the
 * name of the environment variable or system property that overrode it, or the file being read.
 * {@link #getMessage()} is all of them, one per line.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  /** @param errors one or more {@code "path: message"} lines */
  public ConfigException(List<String> errors) {
    this(errors, null);
  }

  /** @param errors one or more {@code "path: message"} lines; @param cause the underlying failure */
  public ConfigException(List<String> errors, Throwable cause) {
    super(String.join("\n", requireNonEmpty(errors)), cause);
    this.errors = List.copyOf(errors);
  }

  /** A single {@code "path: message"} error. */
  public ConfigException(String error, Throwable cause) {
    this(List.of(error), cause);
  }

  /** Every problem, in the order found: {@code "path: message"}. */
  public List<String> errors() {
    return errors;
  }

  private static List<String> requireNonEmpty(List<String> errors) {
    Objects.requireNonNull(errors, "errors");
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    return errors;
  }
}
