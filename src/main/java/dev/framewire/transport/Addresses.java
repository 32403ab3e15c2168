package dev.framewire.transport;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;

final class Addresses {
  private Addresses() {}

  /** {@code 127.0.0.1:7000}, {@code [::1]:7000}, {@code unix:/run/app.sock}. */
  static String format(SocketAddress address) {
    if (address == null) {
      return "?";
    }
    if (address.isDomainSocket()) {
      // a PROXY header may name a UNIX socket as the source
      return "unix:" + address.path();
    }
    String host = address.hostAddress();
    if (host == null) {
      host = address.host();
    }
    return format(host, address.port());
  }

  static String format(String host, int port) {
    if (host == null || host.indexOf(':') < 0) {
      return host + ":" + port;
    }
    // IPv6 in its compressed form (RFC 5952), as users write it: [::1], not [0:0:0:0:0:0:0:1]
    InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
    return "[" + (literal != null ? NetUtil.toAddressString(literal) : host) + "]:" + port;
  }
}
