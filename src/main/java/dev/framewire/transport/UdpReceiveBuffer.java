package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP listener's socket receive buffer, and the datagrams the kernel dropped because it was full.
 *
 * <p>The buffer is requested apart from the per-read buffer (which Vert.x sizes from the same
 * option, so that one value cannot serve both): {@code receiveBufferSize}, or
 * {@link #DEFAULT_RECEIVE_BUFFER} when unset. What the kernel granted is logged at start, with a
 * warning naming {@code net.core.rmem_max} when the request exceeds it. (Linux caps a request at
 * {@code rmem_max} and then reports twice that, counting its bookkeeping: a request of 8 MiB under
 * an {@code rmem_max} of 4 MiB reads back as 8 MiB, so the reading alone cannot show the cap.)
 *
 * <p>Drops are read from the kernel ({@link UdpKernelDrops}) for every socket on the listener's
 * port: one reader per listener (its first instance), on a worker thread, every second and at
 * stop, added to {@code kernelDrops}.
 */
final class UdpReceiveBuffer {
  private static final Logger log = LoggerFactory.getLogger(UdpReceiveBuffer.class);
  /** Requested when {@code receiveBufferSize} is unset: bursts of thousands of datagrams fit. */
  static final int DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;
  private static final long READ_INTERVAL_MS = 1000;

  private static final Path RMEM_MAX = Path.of("/proc/sys/net/core/rmem_max");
  private final int requested;
  private final int granted;
  /** The kernel's cap on a requested receive buffer, or -1 where it cannot be read. */
  private final long rmemMax;
  private final UdpKernelDrops drops;  // null: not this instance's job
  private long counted;
  private long timer = -1;
  private boolean reading;
  private boolean unavailable;

  private UdpReceiveBuffer(int requested, int granted, long rmemMax, UdpKernelDrops drops) {
    this.requested = requested;
    this.granted = granted;
    this.rmemMax = rmemMax;
    this.drops = drops;
  }

  /**
   * Sets the receive buffer of {@code channel} (from its event loop); the kernel's cap is read on a
   * worker.
   *
   * @param dropsPort the bound port whose drops this instance counts, or -1 (another instance does)
   */
  static Future<UdpReceiveBuffer> apply(Vertx vertx, DatagramChannel channel, ListenerConfig config,
      int dropsPort) {
    int requested = config.receiveBufferSize() > 0 ? config.receiveBufferSize() : DEFAULT_RECEIVE_BUFFER;
    channel.config().setReceiveBufferSize(requested);
    int granted = channel.config().getReceiveBufferSize();
    UdpKernelDrops drops = dropsPort < 0 ? null : UdpKernelDrops.of(config.host(), dropsPort);
    return vertx.executeBlocking(UdpReceiveBuffer::readRmemMax, false)
        .map(max -> new UdpReceiveBuffer(requested, granted, max, drops));
  }

  private static long readRmemMax() {
    try {
      // a reader, not Files.readString: that trusts the size procfs reports and reads one byte of it
      return Long.parseLong(Files.readAllLines(RMEM_MAX).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Logs what the kernel granted: once per listener, by the instance that counts its drops. */
  void report(String listener) {
    if (drops == null) {
      return;
    }
    if (capped(requested, granted, rmemMax)) {
      log.warn("listener {}: UDP receive buffer capped by net.core.rmem_max ({} bytes) below the {} requested "
          + "(receiveBufferSize; the kernel reports {}): raise it (sysctl -w net.core.rmem_max={}), or bursts "
          + "will be dropped in the kernel (counted as kernelDrops)", listener, rmemMax, requested, granted,
          requested);
    } else {
      log.info("listener {}: UDP receive buffer {} bytes requested, the kernel reports {} (net.core.rmem_max {})",
          listener, requested, granted, rmemMax < 0 ? "unknown" : rmemMax);
    }
  }

  /**
   * Whether the kernel gave less than {@code requested}: the request exceeds {@code rmemMax}, or,
   * where that cap cannot be read ({@code -1}), the size read back is smaller than the request.
   */
  static boolean capped(int requested, int granted, long rmemMax) {
    return rmemMax >= 0 ? requested > rmemMax : granted < requested;
  }

  /** Counts the kernel's drops every second (on the calling event loop's timer), when this instance counts them. */
  void startCounting(Vertx vertx, ListenerStats stats) {
    if (drops != null) {
      timer = vertx.setPeriodic(READ_INTERVAL_MS, id -> {
        if (!reading) {
          countDrops(vertx, stats);
        }
      });
    }
  }

  /** Stops the periodic count and counts once more, so that the counters printed at stop are whole. */
  Future<Void> stopCounting(Vertx vertx, ListenerStats stats) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return countDrops(vertx, stats);
  }

  /** Reads the kernel's drop count on a worker and adds what is new to {@code stats}. */
  private Future<Void> countDrops(Vertx vertx, ListenerStats stats) {
    if (drops == null || unavailable) {
      return Future.succeededFuture();
    }
    reading = true;
    return vertx.executeBlocking(this::readDrops, false).map(total -> {
      reading = false;
      if (total.isEmpty()) {
        unavailable = true;
        log.info("UDP drops cannot be read on this system ({}): kernelDrops stays 0", drops);
      } else if (total.get() > counted) {
        stats.kernelDrops.add(total.get() - counted);
        counted = total.get();
      }
      return (Void) null;
    }).recover(e -> {
      reading = false;
      return Future.succeededFuture();
    });
  }

  private Optional<Long> readDrops() throws IOException {
    return drops.read().map(UdpKernelDrops.Counts::drops);
  }
}
