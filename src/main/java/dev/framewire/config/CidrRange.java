package dev.framewire.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A range of IP addresses in CIDR notation: an IPv4 or IPv6 literal and a prefix length. A bare
 * address is a range of one ({@code /32} or {@code /128}). Host names are never accepted nor looked
 * up. Used by a listener's {@code allow}, {@code deny} and {@code trustedProxies}.
 *
 * <pre>
 * "10.0.0.0/8"      every address 10.x.x.x
 * "192.0.2.7"       one IPv4 address (/32)
 * "2001:db8::/32"   an IPv6 range
 * "::1"             one IPv6 address (/128)
 * </pre>
 *
 * <p>An IPv4-mapped IPv6 literal ({@code ::ffff:192.0.2.7}) is read as the IPv4 address, as a
 * dual-stack listener reports IPv4 peers that way.
 *
 * @param address the range's address, as Java's {@link InetAddress} prints it (no host name)
 * @param prefix the number of leading bits that must match, 0..32 for IPv4, 0..128 for IPv6
 */
public record CidrRange(InetAddress address, int prefix) {

  public CidrRange {
    Objects.requireNonNull(address, "address");
    int bits = bits(address);
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix must be between 0 and " + bits + " (was " + prefix + ")");
    }
  }

  /**
   * Parses {@code text} ({@code address} or {@code address/prefix}).
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static CidrRange parse(String text) {
    int slash = text.indexOf('/');
    String literal = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = ConfigValues.ipLiteral(literal);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32");
    }
    int bits = bits(address);
    if (slash < 0) {
      return new CidrRange(address, bits);
    }
    String digits = text.substring(slash + 1);
    int prefix;
    try {
      prefix = digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit) ? -1
          : Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix must be between 0 and " + bits + " for an "
          + (bits == 32 ? "IPv4" : "IPv6") + " address");
    }
    return new CidrRange(address, prefix);
  }

  /** 32 for IPv4, 128 for IPv6. */
  private static int bits(InetAddress address) {
    return address instanceof Inet4Address ? 32 : 128;
  }

  /** As written in configuration: {@code address/prefix}. */
  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefix;
  }
}
