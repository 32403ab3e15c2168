package dev.framewire.cli;

import dev.framewire.config.Protocol;
import java.util.Locale;
import java.util.Objects;

/**
 * Where {@code client} connects: {@code tcp://HOST:PORT}, {@code tls://HOST:PORT} (TCP with TLS) or
 * {@code udp://HOST:PORT}. HOST is a name, an IPv4 literal or a bracketed IPv6 literal
 * ({@code tcp://[::1]:7000}); nothing may follow the port.
 */
record ClientUrl(Protocol protocol, String host, int port, boolean tls) {
  static final String FORMS = "tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT";

  ClientUrl {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(host, "host");
    if (tls && protocol != Protocol.TCP) {
      throw new IllegalArgumentException("TLS is over TCP only");
    }
  }

  /** @throws IllegalArgumentException with a one-line reason that quotes {@code text} */
  static ClientUrl parse(String text) {
    Objects.requireNonNull(text, "text");
    int sep = text.indexOf("://");
    if (sep < 0) {
      throw bad(text, "no scheme");
    }
    String scheme = text.substring(0, sep);
    Protocol protocol = switch (scheme.toLowerCase(Locale.ROOT)) {
      case "tcp", "tls" -> Protocol.TCP;
      case "udp" -> Protocol.UDP;
      default -> throw bad(text, "unknown scheme \"" + scheme + "\"");
    };
    String authority = text.substring(sep + 3);
    String host;
    String rest;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw bad(text, "unclosed [ in IPv6 address");
      }
      host = authority.substring(1, close);
      rest = authority.substring(close + 1);
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      rest = colon < 0 ? "" : authority.substring(colon);
    }
    if (host.isEmpty() || host.contains("/") || host.contains("@") || host.contains(" ")) {
      throw bad(text, host.isEmpty() ? "missing host" : "bad host \"" + host + "\"");
    }
    if (rest.isEmpty()) {
      throw bad(text, "missing port");
    }
    String digits = rest.substring(1);
    if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
      throw bad(text, "port must be 1..65535");
    }
    return new ClientUrl(protocol, host, Integer.parseInt(digits), scheme.equalsIgnoreCase("tls"));
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("bad URL \"" + text + "\": " + why + " (expected " + FORMS + ")");
  }

  /** e.g. {@code tcp://127.0.0.1:7000}, {@code tls://localhost:7443}, {@code udp://[::1]:514}. */
  @Override
  public String toString() {
    return (tls ? "tls" : protocol.json()) + "://" + authority(host, port);
  }

  /**
   * {@code HOST:PORT} as it is written after {@code tcp://}: {@code 127.0.0.1:7000}, {@code [::1]:7000}
   * (an IPv6 literal in brackets, as written; one already bracketed is left alone).
   */
  static String authority(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
