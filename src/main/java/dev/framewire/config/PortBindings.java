package dev.framewire.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The ports that listeners and the bridge bind, so that two of them on one port is an error. */
final class PortBindings {
  private final Errors errors;
  /** "tcp 127.0.0.1 7000" → path of the listener (or bridge) bound there */
  private final Map<String, String> bindings = new HashMap<>();

  PortBindings(Errors errors) {
    this.errors = errors;
  }

  /** Records that {@code p} (a listener or the bridge) binds {@code host:port}; a clash is an error at its port. */
  void bind(Protocol protocol, String host, int port, String p) {
    if (port == 0) {
      return;
    }
    String binding = protocol.json() + " " + host.toLowerCase(Locale.ROOT) + " " + port;
    String first = bindings.putIfAbsent(binding, p);
    if (first != null) {
      errors.add(p + ".port", protocol.json() + " port " + port + " on " + host
          + " is already used by " + first);
    }
  }
}
