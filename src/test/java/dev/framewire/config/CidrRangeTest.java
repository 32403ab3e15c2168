package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrRangeTest {

  @Test
  void parsesRangesAndSingleAddresses() {
    assertThat(CidrRange.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
    assertThat(CidrRange.parse("192.0.2.7")).hasToString("192.0.2.7/32");
    assertThat(CidrRange.parse("2001:db8::/32")).hasToString("2001:db8:0:0:0:0:0:0/32");
    assertThat(CidrRange.parse("::1")).hasToString("0:0:0:0:0:0:0:1/128");
    assertThat(CidrRange.parse("0.0.0.0/0").prefix()).isZero();
    assertThat(CidrRange.parse("::ffff:192.0.2.7/32")).hasToString("192.0.2.7/32");
  }

  @Test
  void refusesWhatIsNotARange() {
    for (String bad : List.of("", "localhost", "10.0.0.0/", "10.0.0.0/33", "10.0.0.256/8", "::1/129",
        "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/ 8", "example.com/8", "1.2.3.4/0008")) {
      assertThatThrownBy(() -> CidrRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33")).hasMessage("prefix must be between 0 and 32 for an IPv4 address");
    assertThatThrownBy(() -> CidrRange.parse("::/200")).hasMessage("prefix must be between 0 and 128 for an IPv6 address");
    assertThatThrownBy(() -> CidrRange.parse("example.com"))
        .hasMessage("not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32");
  }

  @Test
  void listErrorsNameTheEntry() {
    Errors errors = new Errors();
    List<CidrRange> ranges = new ConfigValues(errors).cidrRanges(List.of("10.0.0.0/8", "nope", "::/129"), "listeners[0].allow");
    assertThat(ranges).hasSize(1);
    assertThat(errors.list()).containsExactly(
        "listeners[0].allow[1]: not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32 (was \"nope\")",
        "listeners[0].allow[2]: prefix must be between 0 and 128 for an IPv6 address (was \"::/129\")");
  }
}
