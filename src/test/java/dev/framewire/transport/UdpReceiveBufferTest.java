package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the kernel gave a UDP socket less receive buffer than asked: the warning's rule. */
class UdpReceiveBufferTest {
  private static final int MIB = 1024 * 1024;

  @Test
  void linuxReportsTwiceTheCappedSizeSoTheCapDecides() {
    // rmem_max 4 MiB: Linux reads back 8 MiB for a request of 4 MiB and for one of 6 MiB alike
    assertThat(UdpReceiveBuffer.capped(4 * MIB, 8 * MIB, 4 * MIB)).isFalse();
    assertThat(UdpReceiveBuffer.capped(6 * MIB, 8 * MIB, 4 * MIB)).isTrue();
    assertThat(UdpReceiveBuffer.capped(16 * MIB, 8 * MIB, 4 * MIB)).isTrue();
  }

  @Test
  void withoutTheCapTheSizeReadBackDecides() {
    assertThat(UdpReceiveBuffer.capped(4 * MIB, 4 * MIB, -1)).isFalse();
    assertThat(UdpReceiveBuffer.capped(4 * MIB, 2 * MIB, -1)).isTrue();
  }
}
