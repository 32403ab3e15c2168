package dev.framewire.transport;

import dev.framewire.config.CidrRange;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Judges a peer's IP address against CIDR ranges: a listener's {@code allow} and {@code deny}
 * lists, or the {@code trustedProxies} of its PROXY protocol. One mechanism for TCP connections
 * and UDP datagrams. Matching is Netty's {@link IpSubnetFilterRule}.
 *
 * <p>A {@code deny} match always refuses; a non-empty {@code allow} list refuses every address it
 * does not match; with both lists empty every address is admitted. An IPv4 peer of a dual-stack
 * socket ({@code ::ffff:a.b.c.d}) is judged as the IPv4 address.
 *
 * <p>Immutable and shared by a listener's instances.
 */
public final class SourceFilter {
  /** Admits every address. */
  public static final SourceFilter OPEN = new SourceFilter(List.of(), List.of());

  private final IpSubnetFilterRule[] allow;
  private final IpSubnetFilterRule[] deny;

  private SourceFilter(List<CidrRange> allow, List<CidrRange> deny) {
    this.allow = rules(allow, IpFilterRuleType.ACCEPT);
    this.deny = rules(deny, IpFilterRuleType.REJECT);
  }

  /** A filter from the two lists; null counts as empty. */
  public static SourceFilter of(List<CidrRange> allow, List<CidrRange> deny) {
    boolean noAllow = allow == null || allow.isEmpty();
    boolean noDeny = deny == null || deny.isEmpty();
    return noAllow && noDeny ? OPEN
        : new SourceFilter(noAllow ? List.of() : allow, noDeny ? List.of() : deny);
  }

  /** A filter admitting only {@code ranges}, which must not be empty. */
  public static SourceFilter only(List<CidrRange> ranges) {
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("ranges must not be empty");
    }
    return new SourceFilter(ranges, List.of());
  }

  private static IpSubnetFilterRule[] rules(List<CidrRange> ranges, IpFilterRuleType type) {
    IpSubnetFilterRule[] rules = new IpSubnetFilterRule[ranges.size()];
    for (int i = 0; i < rules.length; i++) {
      CidrRange range = ranges.get(i);
      rules[i] = new IpSubnetFilterRule(range.address(), range.prefix(), type);
    }
    return rules;
  }

  /** Whether every address is admitted (callers may skip the check). */
  public boolean isOpen() {
    return allow.length == 0 && deny.length == 0;
  }

  /** Whether {@code address} may connect or send. */
  public boolean admits(InetAddress address) {
    if (isOpen()) {
      return true;
    }
    InetSocketAddress peer = new InetSocketAddress(unmapped(address), 0);
    for (IpSubnetFilterRule rule : deny) {
      if (rule.matches(peer)) {
        return false;
      }
    }
    if (allow.length == 0) {
      return true;
    }
    for (IpSubnetFilterRule rule : allow) {
      if (rule.matches(peer)) {
        return true;
      }
    }
    return false;
  }

  /** As {@link #admits(InetAddress)} for a Vert.x socket address; a non-IP address is refused. */
  public boolean admits(SocketAddress address) {
    if (isOpen()) {
      return true;
    }
    InetAddress ip = VertxInternals.ipAddress(address);
    return ip != null && admits(ip);
  }

  /** An IPv4-mapped IPv6 address as its IPv4 address; any other address unchanged. */
  static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address;  // nothing to unmap, and no copy of its bytes
    }
    byte[] bytes = address.getAddress();
    if (bytes.length == 16 && isMapped(bytes)) {
      try {
        return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
      } catch (UnknownHostException e) {
        throw new AssertionError(e); // four bytes are always an address
      }
    }
    return address;
  }

  private static boolean isMapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
