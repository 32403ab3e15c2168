package dev.framewire.transport;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Datagrams the Linux kernel dropped for one UDP listener's sockets because their receive buffer was
 * full (or a socket filter refused them): the {@code drops} column of {@code /proc/net/udp} and
 * {@code /proc/net/udp6}, summed over every socket bound to the listener's port, so the instances
 * sharing it through SO_REUSEPORT count together.
 *
 * <p>Which sockets belong to the listener:
 * <ul>
 *   <li>{@link #onPort(int)}: every socket bound to the port, whatever its address.
 *   <li>{@link #of(String, int)} with a specific address: only sockets bound to exactly that
 *       address. {@code 127.0.0.1:P} and {@code [::1]:P} are different listeners. A dual-stack
 *       socket bound to an IPv4 address is listed in {@code udp6} as {@code ::ffff:a.b.c.d} and
 *       matches {@code a.b.c.d}.
 *   <li>{@link #of(String, int)} with {@code 0.0.0.0} or {@code ::}: only wildcard sockets, of
 *       either family, because whether the JVM opens an IPv4 or a dual-stack socket for
 *       {@code 0.0.0.0} is not Framewire's choice. Sockets bound to a specific address on the same
 *       port are other listeners.
 * </ul>
 *
 * <p>Reading {@code /proc} is blocking I/O: {@link #read()} must run on a worker
 * ({@code vertx.executeBlocking(drops::read)}), never on an event loop. {@link #parse} is the pure
 * part, over the text of either file.
 *
 * <pre>{@code
 * /proc/net/udp (x86: each 32-bit word of the address in little-endian hex, the port in plain hex)
 *    sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 *   12: 0100007F:A411 00000000:0000 07 00000000:00000900 00:00000000 00000000  1000        0 4711 2 0000000000000000 1996
 *       127.0.0.1:42001                       rx_queue 0x900 = 2304 bytes                               drops -----^
 * }</pre>
 *
 * <p>What the counts are not: datagrams lost before reaching a socket (the device backlog,
 * {@code /proc/net/softnet_stat}; no socket on the port, {@code NoPorts} in {@code /proc/net/snmp})
 * and sockets of other network namespaces. The kernel keeps each socket's count as an unsigned
 * 32-bit number that wraps; the table is read in pages, so a socket opened or closed meanwhile
 * may be missed or seen twice.
 */
final class UdpKernelDrops {
  static final Path PROC_NET = Path.of("/proc/net");

  /**
   * One reading.
   *
   * @param drops datagrams dropped by the kernel, summed over the matching sockets, since each was
   *     opened
   * @param rxQueueBytes kernel memory charged for the datagrams queued and not yet read, in bytes
   *     (each datagram's buffer, not its payload)
   * @param sockets how many sockets matched: the listener's instances, 0 when it is not bound
   */
  record Counts(long drops, long rxQueueBytes, int sockets) {
    static final Counts NONE = new Counts(0, 0, 0);

    Counts plus(Counts other) {
      return new Counts(drops + other.drops, rxQueueBytes + other.rxQueueBytes, sockets + other.sockets);
    }
  }

  private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
  private static final int COLUMNS = 13;

  private final Path procNet;
  private final int port;
  /** null: any address; empty: the wildcard of either family; else 4 or 16 bytes, never v4-mapped */
  private final byte[] address;

  private UdpKernelDrops(Path procNet, byte[] address, int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port: must be 1..65535 (was " + port + ")");
    }
    this.procNet = Objects.requireNonNull(procNet, "procNet");
    this.address = address;
    this.port = port;
  }

  /** Every socket bound to {@code port}, whatever its address. */
  static UdpKernelDrops onPort(int port) {
    return new UdpKernelDrops(PROC_NET, null, port);
  }

  /**
   * The sockets bound to {@code hostAddress:port}, matched as described in the class comment.
   *
   * @param hostAddress an IP literal ({@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0}, {@code ::}),
   *     as {@code SocketAddress.hostAddress()} returns it; never resolved
   * @throws IllegalArgumentException if it is not an IP literal
   */
  static UdpKernelDrops of(String hostAddress, int port) {
    return of(PROC_NET, hostAddress, port);
  }

  /** As {@link #of(String, int)}, reading {@code udp} and {@code udp6} in {@code procNet}. */
  static UdpKernelDrops of(Path procNet, String hostAddress, int port) {
    Objects.requireNonNull(hostAddress, "hostAddress");
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(hostAddress);
    if (bytes == null) {
      throw new IllegalArgumentException("hostAddress: not an IP literal (was " + hostAddress + ")");
    }
    return new UdpKernelDrops(procNet, isWildcard(bytes) ? new byte[0] : unmapped(bytes), port);
  }

  static UdpKernelDrops onPort(Path procNet, int port) {
    return new UdpKernelDrops(procNet, null, port);
  }

  /**
   * Blocking: reads {@code /proc/net/udp} and {@code /proc/net/udp6}; call it from a worker
   * ({@code executeBlocking}), never from an event loop. A missing {@code udp6} (IPv6 disabled)
   * counts 0.
   *
   * @return empty when the kernel offers neither file (not Linux, no procfs): the drops are
   *     unknown, not 0
   * @throws IOException if a file exists but cannot be read
   */
  Optional<Counts> read() throws IOException {
    Optional<String> udp = readIfExists(procNet.resolve("udp"));
    Optional<String> udp6 = readIfExists(procNet.resolve("udp6"));
    if (udp.isEmpty() && udp6.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(udp.orElse("")).plus(parse(udp6.orElse(""))));
  }

  /**
   * Pure: the counts of this listener's sockets in the text of {@code /proc/net/udp} or
   * {@code /proc/net/udp6}. The header and malformed lines are skipped.
   */
  Counts parse(String table) {
    return parse(table, ByteOrder.nativeOrder());
  }

  /** As {@link #parse(String)}, for a table written by a host of the given byte order. */
  Counts parse(String table, ByteOrder hostOrder) {
    long drops = 0;
    long rxQueue = 0;
    int sockets = 0;
    for (String line : table.split("\n")) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length < COLUMNS || !columns[0].endsWith(":")) {
        continue;
      }
      try {
        int colon = columns[1].indexOf(':');
        String[] queues = columns[4].split(":");
        if (colon < 0 || queues.length != 2
            || Integer.parseInt(columns[1].substring(colon + 1), 16) != port
            || !matches(kernelAddress(columns[1].substring(0, colon), hostOrder))) {
          continue;
        }
        long socketDrops = Long.parseLong(columns[12]);
        long socketRxQueue = Long.parseLong(queues[1], 16);
        if (socketDrops < 0 || socketRxQueue < 0) {
          continue;
        }
        drops += socketDrops;
        rxQueue += socketRxQueue;
        sockets++;
      } catch (IllegalArgumentException malformed) { // NumberFormatException included
        continue;
      }
    }
    return new Counts(drops, rxQueue, sockets);
  }

  @Override
  public String toString() {
    String host;
    if (address == null) {
      host = "*";
    } else if (address.length == 0) {
      host = "0.0.0.0|::";
    } else {
      host = NetUtil.bytesToIpAddress(address);
    }
    return "udp " + Addresses.format(host, port);
  }

  private boolean matches(byte[] socketAddress) {
    if (address == null) {
      return true;
    }
    if (address.length == 0) {
      return isWildcard(unmapped(socketAddress));
    }
    return Arrays.equals(address, unmapped(socketAddress));
  }

  /**
   * {@code 0100007F} → 127.0.0.1: the kernel prints each 32-bit word of the address (network order
   * in memory) as a native integer, so the hex digits are reversed per word on little-endian hosts.
   */
  private static byte[] kernelAddress(String hex, ByteOrder hostOrder) {
    if (hex.length() != 8 && hex.length() != 32) {
      throw new IllegalArgumentException("address of " + hex.length() + " hex digits");
    }
    ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(hostOrder);
    for (int i = 0; i < hex.length(); i += 8) {
      bytes.putInt(Integer.parseUnsignedInt(hex.substring(i, i + 8), 16));
    }
    return bytes.array();
  }

  private static boolean isWildcard(byte[] address) {
    for (byte b : address) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code ::ffff:a.b.c.d} → {@code a.b.c.d}; anything else unchanged. */
  private static byte[] unmapped(byte[] address) {
    if (address.length == 16
        && Arrays.equals(address, 0, V4_MAPPED_PREFIX.length, V4_MAPPED_PREFIX, 0, V4_MAPPED_PREFIX.length)) {
      return Arrays.copyOfRange(address, 12, 16);
    }
    return address;
  }

  private static Optional<String> readIfExists(Path file) throws IOException {
    try {
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
    } catch (NoSuchFileException missing) {
      return Optional.empty();
    }
  }
}
