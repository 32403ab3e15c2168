package dev.framewire.config;

import java.util.regex.Pattern;

/**
 * One event-bus address a bridge peer may use: an exact {@code address}, or every address matching
 * {@code addressRegex} (the whole address must match). Exactly one of the two is set.
 *
 * <pre>
 * "framewire.polyglot"                          an exact address (a plain string)
 * {"address": "framewire.polyglot"}             the same
 * {"addressRegex": "framewire\\.conn\\..+"}      every connection address (replies and pushes)
 * </pre>
 *
 * @param address the exact address, or null
 * @param addressRegex a {@link Pattern} matched against the whole address, or null
 */
public record PermittedAddress(String address, String addressRegex) {

  public PermittedAddress {
    if ((address == null) == (addressRegex == null)) {
      throw new IllegalArgumentException("give exactly one of address and addressRegex");
    }
    if (addressRegex != null) {
      Pattern.compile(addressRegex);
    }
  }

  public static PermittedAddress exact(String address) {
    return new PermittedAddress(address, null);
  }

  public static PermittedAddress regex(String addressRegex) {
    return new PermittedAddress(null, addressRegex);
  }

  /** Whether {@code candidate} is permitted by this entry. */
  public boolean matches(String candidate) {
    return address != null ? address.equals(candidate) : Pattern.matches(addressRegex, candidate);
  }
}
