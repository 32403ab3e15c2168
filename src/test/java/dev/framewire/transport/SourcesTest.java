package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourcesTest {

  private static InetAddress ip(String literal) {
    return NetUtil.createInetAddressFromIpAddressString(literal);
  }

  @Test
  void ipv4IsItsOwnSource() {
    assertThat(Sources.key(ip("192.0.2.7"), 64)).isEqualTo(ip("192.0.2.7"));
    assertThat(Sources.label(Sources.key(ip("192.0.2.7"), 64), 64)).isEqualTo("192.0.2.7");
  }

  @Test
  void ipv4MappedIsTheIpv4Address() {
    assertThat(Sources.key(ip("::ffff:192.0.2.7"), 64)).isEqualTo(ip("192.0.2.7"));
  }

  @Test
  void ipv6IsGroupedByPrefix() {
    InetAddress a = Sources.key(ip("2001:db8:1:2:aaaa::1"), 64);
    InetAddress b = Sources.key(ip("2001:db8:1:2:bbbb::9"), 64);
    InetAddress other = Sources.key(ip("2001:db8:1:3::1"), 64);
    assertThat(a).isEqualTo(ip("2001:db8:1:2::")).isEqualTo(b).isNotEqualTo(other);
    assertThat(Sources.label(a, 64)).isEqualTo("2001:db8:1:2:0:0:0:0/64");
  }

  @Test
  void prefixesNeedNotBeByteAligned() {
    assertThat(Sources.key(ip("2001:db8:ffff::1"), 36)).isEqualTo(ip("2001:db8:f000::"));
    assertThat(Sources.key(ip("ffff::1"), 1)).isEqualTo(ip("8000::"));
    assertThat(Sources.key(ip("2001:db8::1"), 128)).isEqualTo(ip("2001:db8::1"));
  }
}
