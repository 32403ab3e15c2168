package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.CidrRange;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceFilterTest {

  private static List<CidrRange> ranges(String... texts) {
    return java.util.Arrays.stream(texts).map(CidrRange::parse).toList();
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void emptyListsAdmitEveryone() throws Exception {
    SourceFilter filter = SourceFilter.of(null, List.of());
    assertThat(filter.isOpen()).isTrue();
    assertThat(filter.admits(ip("203.0.113.9"))).isTrue();
    assertThat(filter.admits(ip("2001:db8::1"))).isTrue();
  }

  @Test
  void denyWinsOverAllow() throws Exception {
    SourceFilter filter = SourceFilter.of(ranges("10.0.0.0/8", "2001:db8::/32"), ranges("10.1.0.0/16"));
    assertThat(filter.admits(ip("10.2.3.4"))).isTrue();
    assertThat(filter.admits(ip("10.1.3.4"))).isFalse();
    assertThat(filter.admits(ip("11.0.0.1"))).isFalse();
    assertThat(filter.admits(ip("2001:db8:ffff::7"))).isTrue();
    assertThat(filter.admits(ip("2001:db9::7"))).isFalse();
  }

  @Test
  void denyAloneAdmitsTheRest() throws Exception {
    SourceFilter filter = SourceFilter.of(null, ranges("127.0.0.2", "::1"));
    assertThat(filter.admits(ip("127.0.0.1"))).isTrue();
    assertThat(filter.admits(ip("127.0.0.2"))).isFalse();
    assertThat(filter.admits(ip("::1"))).isFalse();
    assertThat(filter.admits(ip("::2"))).isTrue();
  }

  @Test
  void mappedIpv4PeersAreJudgedAsIpv4() throws Exception {
    SourceFilter filter = SourceFilter.of(ranges("192.0.2.0/24"), null);
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 192;
    mapped[14] = 2;
    mapped[15] = 7;
    assertThat(filter.admits(InetAddress.getByAddress(mapped))).isTrue();
    assertThat(filter.admits(SocketAddress.inetSocketAddress(1234, "::ffff:192.0.2.7"))).isTrue();
    assertThat(filter.admits(SocketAddress.inetSocketAddress(1234, "192.0.3.7"))).isFalse();
  }

  @Test
  void onlyAdmitsTheGivenRanges() throws Exception {
    SourceFilter filter = SourceFilter.only(ranges("127.0.0.1"));
    assertThat(filter.admits(ip("127.0.0.1"))).isTrue();
    assertThat(filter.admits(ip("127.0.0.2"))).isFalse();
    assertThat(SourceFilter.of(null, null)).isSameAs(SourceFilter.OPEN);
  }

  @Test
  void aNonIpAddressIsRefused() {
    SourceFilter filter = SourceFilter.of(ranges("0.0.0.0/0"), null);
    assertThat(filter.admits(SocketAddress.domainSocketAddress("/tmp/x.sock"))).isFalse();
  }
}
