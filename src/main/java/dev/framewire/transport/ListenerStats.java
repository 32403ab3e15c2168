package dev.framewire.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one listener, shared by its instances (hence {@link LongAdder}). Nothing a listener
 * discards goes uncounted.
 */
public final class ListenerStats {
  public final LongAdder connectionsOpened = new LongAdder();
  public final LongAdder connectionsClosed = new LongAdder();
  public final LongAdder framesIn = new LongAdder();
  /** Bytes read from connections (TCP) or datagrams received (UDP), as they came off the socket. */
  public final LongAdder bytesIn = new LongAdder();
  /** Bytes written: replies, pushes and error frames, framed. */
  public final LongAdder bytesOut = new LongAdder();
  public final LongAdder repliesOut = new LongAdder();
  public final LongAdder pushesOut = new LongAdder();
  public final LongAdder oversized = new LongAdder();
  public final LongAdder corrupt = new LongAdder();
  public final LongAdder decodeErrors = new LongAdder();
  public final LongAdder truncatedAtEnd = new LongAdder();
  public final LongAdder noHandler = new LongAdder();
  /** Frames whose handler's node could not be reached (it died; the cluster had not yet noticed). */
  public final LongAdder unreachable = new LongAdder();
  public final LongAdder timeouts = new LongAdder();
  public final LongAdder handlerFailures = new LongAdder();
  public final LongAdder badReplies = new LongAdder();
  public final LongAdder errorFrames = new LongAdder();
  public final LongAdder errorsDropped = new LongAdder();
  public final LongAdder lateReplies = new LongAdder();
  /**
   * Replies and pushes that could not be matched to a connection or frame: {@code fw.conn} missing
   * or naming no connection of the listener, {@code fw.seq} not a sequence number.
   */
  public final LongAdder unmatchedReplies = new LongAdder();
  public final LongAdder undeliverable = new LongAdder();
  public final LongAdder slowConsumersClosed = new LongAdder();
  public final LongAdder busy = new LongAdder();
  /**
   * UDP: datagrams the kernel dropped for the listener's port because its receive buffer was full
   * (read from the kernel, never seen by the listener).
   */
  public final LongAdder kernelDrops = new LongAdder();
  /** TLS listeners: connections closed because their handshake failed or timed out. */
  public final LongAdder tlsHandshakeFailures = new LongAdder();
  /** TLS listeners: new certificate sets read from disk and put in use (rotation, {@code reloadInterval}). */
  public final LongAdder tlsReloads = new LongAdder();
  /** TLS listeners: changed certificate files refused (the previous set stayed in use). */
  public final LongAdder tlsReloadFailures = new LongAdder();
  /**
   * Frames sent to the handlers and not yet answered, summed over the listener's instances; each
   * instance adds the change since its last sample at every timeout sweep (so it lags by at most
   * one sweep) and removes what it still held when it stops.
   */
  public final LongAdder inFlight = new LongAdder();
  /** Nanoseconds connections spent not reading for back-pressure (handlers or the client behind). */
  public final LongAdder pausedNanos = new LongAdder();

  @Override
  public String toString() {
    return "connections=" + connectionsOpened.sum() + "/" + connectionsClosed.sum()
        + " framesIn=" + framesIn.sum() + " bytesIn=" + bytesIn.sum() + " bytesOut=" + bytesOut.sum()
        + " repliesOut=" + repliesOut.sum()
        + " pushesOut=" + pushesOut.sum() + " oversized=" + oversized.sum()
        + " corrupt=" + corrupt.sum() + " decodeErrors=" + decodeErrors.sum()
        + " truncatedAtEnd=" + truncatedAtEnd.sum() + " noHandler=" + noHandler.sum() + " unreachable=" + unreachable.sum()
        + " timeouts=" + timeouts.sum() + " handlerFailures=" + handlerFailures.sum()
        + " badReplies=" + badReplies.sum() + " errorFrames=" + errorFrames.sum()
        + " errorsDropped=" + errorsDropped.sum() + " lateReplies=" + lateReplies.sum()
        + " unmatchedReplies=" + unmatchedReplies.sum()
        + " undeliverable=" + undeliverable.sum() + " slowConsumersClosed=" + slowConsumersClosed.sum()
        + " busy=" + busy.sum() + " kernelDrops=" + kernelDrops.sum() + " tlsHandshakeFailures=" + tlsHandshakeFailures.sum()
        + " tlsReloads=" + tlsReloads.sum() + " tlsReloadFailures=" + tlsReloadFailures.sum()
        + " pausedMs=" + pausedNanos.sum() / 1_000_000;
  }
}
