package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.framewire.transport.UdpKernelDrops.Counts;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UdpKernelDropsTest {
  // Captured on x86-64 Linux 6.18 (trailing blanks as the kernel prints them). Port C351 = 50001:
  // two SO_REUSEPORT sockets on 127.0.0.1 (one with 299 drops, 0x500 bytes queued), ::1, and a
  // dual-stack socket on ::ffff:127.0.0.2; port 9C40 = 40000 on 0.0.0.0 and ::; other ports.
  private static final String UDP = """
         sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops           \s
       2196: 0100007F:C351 00000000:0000 07 00000000:00000500 00:00000000 00000000     0        0 20791 2 00000000bdcc1da1 299      \s
       2196: 0100007F:C351 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 20790 2 0000000011c9483f 7        \s
       7554: 00000000:D83F 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 20797 2 0000000056e4efa2 1000     \s
       8579: 00000000:9C40 00000000:0000 07 00000000:00000100 00:00000000 00000000     0        0 20794 2 00000000430159d2 11       \s
      """;
  private static final String UDP6 = """
        sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
       1790: 00000000000000000000000001000000:01BB 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 20796 2 000000003b2f92a6 100000
       2196: 0000000000000000FFFF00000200007F:C351 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 20793 2 000000008725ae89 20
       2196: 00000000000000000000000001000000:C351 00000000000000000000000000000000:0000 07 00000000:00000A00 00:00000000 00000000     0        0 20792 2 00000000459732ee 300
       6276: 00000000000000000000000000000000:D341 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 19197 2 000000005b9cc8b9 5000
       8579: 00000000000000000000000000000000:9C40 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 20795 2 0000000099b28449 4000
      """;
  private static final int PAYLOAD = 512;

  // ---- parsing: pure, over captured text (little-endian words, as x86 prints them) ----

  private static Counts parseLe(UdpKernelDrops drops, String table) {
    return drops.parse(table, ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void portOnlySumsEverySocketOnThePortInBothTables() {
    UdpKernelDrops drops = UdpKernelDrops.onPort(50001);
    assertThat(parseLe(drops, UDP)).isEqualTo(new Counts(299 + 7, 0x500, 2));
    assertThat(parseLe(drops, UDP6)).isEqualTo(new Counts(20 + 300, 0xA00, 2));
  }

  @Test
  void aSpecificAddressCountsOnlyItsOwnSockets() {
    UdpKernelDrops loopback4 = UdpKernelDrops.of("127.0.0.1", 50001);
    assertThat(parseLe(loopback4, UDP)).isEqualTo(new Counts(306, 0x500, 2));
    assertThat(parseLe(loopback4, UDP6)).isEqualTo(Counts.NONE);

    UdpKernelDrops loopback6 = UdpKernelDrops.of("::1", 50001);
    assertThat(parseLe(loopback6, UDP)).isEqualTo(Counts.NONE);
    assertThat(parseLe(loopback6, UDP6)).isEqualTo(new Counts(300, 0xA00, 1));
    assertThat(parseLe(UdpKernelDrops.of("0:0:0:0:0:0:0:1", 50001), UDP6)).isEqualTo(new Counts(300, 0xA00, 1));
  }

  @Test
  void aDualStackSocketBoundToAnIpv4AddressMatchesThatAddress() {
    assertThat(parseLe(UdpKernelDrops.of("127.0.0.2", 50001), UDP6)).isEqualTo(new Counts(20, 0, 1));
    assertThat(parseLe(UdpKernelDrops.of("::ffff:127.0.0.2", 50001), UDP6)).isEqualTo(new Counts(20, 0, 1));
    assertThat(parseLe(UdpKernelDrops.of("127.0.0.2", 50001), UDP)).isEqualTo(Counts.NONE);
  }

  @Test
  void aWildcardMatchesTheWildcardOfEitherFamilyAndNoSpecificAddress() {
    for (String wildcard : List.of("0.0.0.0", "::")) {
      UdpKernelDrops drops = UdpKernelDrops.of(wildcard, 40000);
      assertThat(parseLe(drops, UDP)).as(wildcard).isEqualTo(new Counts(11, 0x100, 1));
      assertThat(parseLe(drops, UDP6)).as(wildcard).isEqualTo(new Counts(4000, 0, 1));
      assertThat(parseLe(UdpKernelDrops.of(wildcard, 50001), UDP)).as(wildcard).isEqualTo(Counts.NONE);
      assertThat(parseLe(UdpKernelDrops.of(wildcard, 50001), UDP6)).as(wildcard).isEqualTo(Counts.NONE);
    }
  }

  @Test
  void portsAbove32767AndTheExtremesParse() {
    String table = line("0100007F:FFFF", "00000000", 65535) + line("0100007F:8000", "00000000", 32768)
        + line("0100007F:0001", "00000000", 1);
    assertThat(parseLe(UdpKernelDrops.onPort(65535), table)).isEqualTo(new Counts(65535, 0, 1));
    assertThat(parseLe(UdpKernelDrops.onPort(32768), table)).isEqualTo(new Counts(32768, 0, 1));
    assertThat(parseLe(UdpKernelDrops.onPort(1), table)).isEqualTo(new Counts(1, 0, 1));
    assertThat(parseLe(UdpKernelDrops.onPort(32767), table)).isEqualTo(Counts.NONE);
  }

  @Test
  void theKernelsUnsignedCounterAbove2To31IsNotNegative() {
    String table = line("0100007F:C351", "FFFFFFFF", 4_294_967_295L) + line("0100007F:C351", "00000000", 1);
    assertThat(parseLe(UdpKernelDrops.onPort(50001), table)).isEqualTo(new Counts(4_294_967_296L, 0xFFFFFFFFL, 2));
  }

  @Test
  void malformedLinesAreSkippedAndTheRestStillCount() {
    String good = line("0100007F:C351", "00000010", 5);
    String table = String.join("",
        "garbage\n",
        "\n",
        line("0100007F:C351", "00000010", 5).replace(" 5\n", "\n"), // no drops column
        line("0100007F:C351", "00000010", 5).replace(" 5\n", " x5\n"), // drops not a number
        line("0100007F:C351", "00000010", 5).replace(" 5\n", " -5\n"),
        line("0100007F:C351", "0000001G", 5), // rx_queue not hex
        line("0100007F:C351", "00000010", 5).replace("00000000:00000010", "0000000000000010"), // no tx:rx
        line("100007F:C351", "00000010", 5), // 7 hex digits of address
        line("0100007F:C351:", "00000010", 5),
        line("0100007F:1C351", "00000010", 5), // port of 5 digits: not 50001
        line("0100007F-C351", "00000010", 5),
        line("0100007F:C351", "00000010", 5).replaceFirst("^ *\\d+:", "  x"), // no slot
        good,
        "  42: 0100007F:C351 00000000:0000 07 00000000:00000010"); // cut off, no newline
    assertThat(parseLe(UdpKernelDrops.onPort(50001), table)).isEqualTo(new Counts(5, 0x10, 1));
    assertThat(parseLe(UdpKernelDrops.of("127.0.0.1", 50001), table)).isEqualTo(new Counts(5, 0x10, 1));
    assertThat(parseLe(UdpKernelDrops.onPort(50001), "")).isEqualTo(Counts.NONE);
  }

  @Test
  void aBigEndianHostPrintsAddressesInNetworkOrder() {
    String table = line("7F000001:C351", "00000000", 3) + line("0100007F:C351", "00000000", 4);
    assertThat(UdpKernelDrops.of("127.0.0.1", 50001).parse(table, ByteOrder.BIG_ENDIAN)).isEqualTo(new Counts(3, 0, 1));
    assertThat(UdpKernelDrops.of("1.0.0.127", 50001).parse(table, ByteOrder.BIG_ENDIAN)).isEqualTo(new Counts(4, 0, 1));
  }

  @Test
  void programmerErrorsThrowAtOnce() {
    assertThatThrownBy(() -> UdpKernelDrops.onPort(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: must be 1..65535 (was 0)");
    assertThatThrownBy(() -> UdpKernelDrops.onPort(65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UdpKernelDrops.of("localhost", 7000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hostAddress: not an IP literal (was localhost)");
    assertThatThrownBy(() -> UdpKernelDrops.of(null, 7000)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringNamesWhatIsMatched() {
    assertThat(UdpKernelDrops.onPort(7000)).hasToString("udp *:7000");
    assertThat(UdpKernelDrops.of("::1", 7000)).hasToString("udp [::1]:7000");
    assertThat(UdpKernelDrops.of("::ffff:10.0.0.1", 7000)).hasToString("udp 10.0.0.1:7000");
  }

  // ---- reading: files in a directory ----

  @Test
  void readSumsBothFiles(@TempDir Path dir) throws IOException {
    assumeLittleEndian();
    Files.writeString(dir.resolve("udp"), UDP);
    Files.writeString(dir.resolve("udp6"), UDP6);
    assertThat(UdpKernelDrops.onPort(dir, 50001).read()).contains(new Counts(306 + 320, 0x500 + 0xA00, 4));
    assertThat(UdpKernelDrops.of(dir, "127.0.0.2", 50001).read()).contains(new Counts(20, 0, 1));
  }

  @Test
  void aMissingFileCountsZeroAndNeitherMeansUnavailable(@TempDir Path dir) throws IOException {
    assumeLittleEndian();
    UdpKernelDrops drops = UdpKernelDrops.onPort(dir, 50001);
    assertThat(drops.read()).isEmpty();
    Files.writeString(dir.resolve("udp6"), UDP6);
    assertThat(drops.read()).contains(new Counts(320, 0xA00, 2));
    Files.delete(dir.resolve("udp6"));
    Files.writeString(dir.resolve("udp"), UDP);
    assertThat(drops.read()).contains(new Counts(306, 0x500, 2));
  }

  /** read() decodes with the host's byte order; the captured tables are x86's. */
  private static void assumeLittleEndian() {
    Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "tables captured on x86");
  }

  // ---- the kernel: real sockets on loopback, blocking java.net on the test thread ----

  @Test
  void aFloodOfAnUnreadSocketIsCountedAndReceivedPlusDroppedIsSent() throws IOException {
    assumeProcNetUdp();
    int sent = 2_000;
    try (DatagramSocket receiver = new DatagramSocket(null); DatagramSocket sender = new DatagramSocket()) {
      receiver.setReceiveBufferSize(1024);
      receiver.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      UdpKernelDrops drops = UdpKernelDrops.of("127.0.0.1", receiver.getLocalPort());
      assertThat(drops.read()).contains(new Counts(0, 0, 1));

      send(sender, receiver.getLocalSocketAddress(), sent);
      Counts flooded = drops.read().orElseThrow();
      assertThat(flooded.sockets()).isEqualTo(1);
      assertThat(flooded.drops()).isPositive();
      assertThat(flooded.rxQueueBytes()).isPositive();

      int received = drain(receiver);
      Counts drained = drops.read().orElseThrow();
      assertThat(received).isPositive();
      assertThat(drained.rxQueueBytes()).isZero();
      assertThat(received + drained.drops()).as("received %d, dropped %d", received, drained.drops()).isEqualTo(sent);
      assertThat(UdpKernelDrops.onPort(receiver.getLocalPort()).read()).contains(drained);
    }
  }

  @Test
  void aSocketThatReadEverythingDroppedNothing() throws IOException {
    assumeProcNetUdp();
    try (DatagramSocket receiver = new DatagramSocket(null); DatagramSocket sender = new DatagramSocket()) {
      receiver.setReceiveBufferSize(1024);
      receiver.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      receiver.setSoTimeout(5_000);
      DatagramPacket in = new DatagramPacket(new byte[PAYLOAD + 1], PAYLOAD + 1);
      for (int i = 0; i < 200; i++) { // one in flight at a time: the buffer never overflows
        send(sender, receiver.getLocalSocketAddress(), 1);
        receiver.receive(in);
        assertThat(in.getLength()).isEqualTo(PAYLOAD);
      }
      assertThat(UdpKernelDrops.of("127.0.0.1", receiver.getLocalPort()).read()).contains(new Counts(0, 0, 1));
    }
  }

  @Test
  void reusePortSocketsCountTogetherAndAnotherAddressOnThePortIsAnotherListener() throws IOException {
    assumeProcNetUdp();
    int perSender = 1_000;
    List<DatagramSocket> sockets = new ArrayList<>();
    try {
      DatagramSocket first = reusePortSocket(0);
      sockets.add(first);
      int port = first.getLocalPort();
      sockets.add(reusePortSocket(port));
      DatagramSocket other = loopback6(port);
      if (other != null) {
        sockets.add(other);
      }
      // senders of different source ports, so that the kernel's hash may spread them over both
      for (int i = 0; i < 4; i++) {
        try (DatagramSocket sender = new DatagramSocket()) {
          send(sender, first.getLocalSocketAddress(), perSender);
        }
      }
      int received = drain(sockets.get(0)) + drain(sockets.get(1));
      Counts listener = UdpKernelDrops.of("127.0.0.1", port).read().orElseThrow();
      assertThat(listener.sockets()).isEqualTo(2);
      assertThat(listener.drops()).isPositive();
      assertThat(received + listener.drops()).isEqualTo(4 * perSender);
      if (other != null) {
        assertThat(UdpKernelDrops.of("::1", port).read()).contains(new Counts(0, 0, 1));
        assertThat(UdpKernelDrops.onPort(port).read()).contains(new Counts(listener.drops(), 0, 3));
      }
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
  }

  private static void assumeProcNetUdp() {
    Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/udp")), "no /proc/net/udp: not Linux");
  }

  private static DatagramSocket reusePortSocket(int port) throws IOException {
    DatagramSocket socket = new DatagramSocket(null);
    socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    socket.setReceiveBufferSize(1024);
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    return socket;
  }

  /** A socket on {@code [::1]:port}, or null when this host has no IPv6 loopback. */
  private static DatagramSocket loopback6(int port) {
    try {
      return new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), port));
    } catch (IOException noIpv6) {
      return null;
    }
  }

  private static void send(DatagramSocket sender, java.net.SocketAddress to, int count) throws IOException {
    DatagramPacket out = new DatagramPacket(new byte[PAYLOAD], PAYLOAD, to);
    for (int i = 0; i < count; i++) {
      sender.send(out);
    }
  }

  /** Reads what the socket queued until nothing more comes for a while; returns how many. */
  private static int drain(DatagramSocket socket) throws IOException {
    socket.setSoTimeout(200);
    DatagramPacket in = new DatagramPacket(new byte[PAYLOAD + 1], PAYLOAD + 1);
    int received = 0;
    while (true) {
      try {
        socket.receive(in);
      } catch (SocketTimeoutException drained) {
        return received;
      }
      assertThat(in.getLength()).isEqualTo(PAYLOAD);
      received++;
    }
  }

  /** One line of {@code /proc/net/udp} for {@code local}, with the rx_queue and drops given. */
  private static String line(String local, String rxQueue, long drops) {
    return "  42: " + local + " 00000000:0000 07 00000000:" + rxQueue
        + " 00:00000000 00000000  1000        0 4711 2 0000000000000000 " + drops + "\n";
  }
}
