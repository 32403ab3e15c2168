package dev.framewire.transport;

import dev.framewire.config.LimitsConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide cap on open listener connections, below the open-files limit, so that a flood
 * of connections cannot take the file descriptors the monitoring server, the bridge, the cluster
 * and the log need. One object, shared by every listener of the process ({@link Admission}).
 *
 * <p>The default cap is the open-files limit minus a headroom of a tenth of it, and never less than
 * {@link #MIN_HEADROOM} descriptors (nor below half the limit):
 *
 * <pre>
 * open files 1024      → 768 connections     (headroom 256)
 * open files 20000     → 18000               (headroom 2000)
 * open files 1048576   → 943719              (headroom 104857)
 * </pre>
 *
 * <p>The limit is the JVM's view ({@code UnixOperatingSystemMXBean#getMaxFileDescriptorCount}): on
 * Linux, HotSpot raises the soft limit to the hard one at start ({@code -XX:+MaxFDLimit}, on by
 * default), so that is the hard limit of {@code ulimit -Hn}. Where it cannot be read, there is no
 * default cap.
 *
 * <p>Thread-safe: listener instances on several event loops count here at once. One atomic counter,
 * incremented only while below the cap (a compare-and-set loop), so the cap is never exceeded.
 */
public final class ProcessConnections {
  /** The least the default leaves for everything but listener connections, in file descriptors. */
  public static final int MIN_HEADROOM = 256;

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  /** @param max connections all listeners together may hold open, at least 1 */
  public ProcessConnections(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 (was " + max + ")");
    }
    this.max = max;
  }

  /** The cap {@code limits} asks for, or the default from {@code openFilesLimit} (-1: unknown, no cap). */
  public static ProcessConnections of(LimitsConfig limits, long openFilesLimit) {
    if (limits.maxConnections() != null) {
      return new ProcessConnections(limits.maxConnections());
    }
    return new ProcessConnections(defaultMax(openFilesLimit));
  }

  /** The default cap below {@code openFilesLimit}; {@link Integer#MAX_VALUE} when it is unknown (-1). */
  static int defaultMax(long openFilesLimit) {
    if (openFilesLimit <= 0) {
      return Integer.MAX_VALUE;
    }
    long headroom = Math.max(MIN_HEADROOM, openFilesLimit / 10);
    long cap = Math.max(openFilesLimit - headroom, openFilesLimit / 2);
    return (int) Math.max(1, Math.min(cap, Integer.MAX_VALUE));
  }

  /** This process's open-files limit, as the JVM raised it, or -1 where it cannot be read. */
  public static long openFilesLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
  }

  /** The cap. */
  public int max() {
    return max;
  }

  /** Listener connections open now. */
  public int open() {
    return open.get();
  }

  /** Counts one more connection if the cap allows it. */
  boolean tryAcquire() {
    return Admission.incrementBelow(open, max);
  }

  /** Counts one connection fewer; once for each {@link #tryAcquire} that succeeded. */
  void release() {
    open.decrementAndGet();
  }
}
