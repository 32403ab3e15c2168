package dev.framewire.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What counts as one source for the per-source limits: an IPv4 address, or an IPv6 prefix of
 * {@code ipv6SourcePrefix} bits (a host given a /64 holds every address in it, so counting its
 * addresses one by one would limit nothing). An IPv4 peer of a dual-stack socket
 * ({@code ::ffff:a.b.c.d}) is the IPv4 address.
 *
 * <pre>
 * 192.0.2.7                     → 192.0.2.7
 * ::ffff:192.0.2.7              → 192.0.2.7
 * 2001:db8:1:2:aaaa::1   (/64)  → 2001:db8:1:2:0:0:0:0
 * 2001:db8:1:2:bbbb::9   (/64)  → 2001:db8:1:2:0:0:0:0   (the same source)
 * </pre>
 */
final class Sources {
  private Sources() {}

  /** The source {@code address} belongs to; an {@link InetAddress}, so it is a map key as is. */
  static InetAddress key(InetAddress address, int ipv6Prefix) {
    if (address instanceof Inet4Address) {
      return address;
    }
    InetAddress unmapped = SourceFilter.unmapped(address);
    if (unmapped instanceof Inet4Address || ipv6Prefix >= 128) {
      return unmapped;
    }
    byte[] bytes = address.getAddress();
    for (int bit = ipv6Prefix; bit < 128; bit++) {
      bytes[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // sixteen bytes are always an address
    }
  }

  /** A source as logs show it: {@code 192.0.2.7} or {@code 2001:db8:1:2:0:0:0:0/64}. */
  static String label(InetAddress key, int ipv6Prefix) {
    return key instanceof Inet4Address || ipv6Prefix >= 128 ? key.getHostAddress()
        : key.getHostAddress() + "/" + ipv6Prefix;
  }
}
