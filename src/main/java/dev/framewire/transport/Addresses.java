package dev.framewire.transport;

import io.vertx.core.net.SocketAddress;

final class Addresses {
  private Addresses() {}

  /** {@code 127.0.0.1:7000}, {@code [::1]:7000}. */
  static String format(SocketAddress address) {
    if (address == null) {
      return "?";
    }
    String host = address.hostAddress();
    if (host == null) {
      host = address.host();
    }
    return format(host, address.port());
  }

  static String format(String host, int port) {
    return host != null && host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
