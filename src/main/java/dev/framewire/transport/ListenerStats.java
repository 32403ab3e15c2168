package dev.framewire.transport;

import dev.framewire.api.Envelope;
import java.util.Locale;
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
  /**
   * UDP: datagrams the kernel dropped for the listener's port because its receive buffer was full
   * (read from the kernel, never seen by the listener).
   */
  public final LongAdder kernelDrops = new LongAdder();
  private final LongAdder[] requestFailures = adders(RequestFailure.values().length);
  private final LongAdder[] rejected = adders(Rejection.values().length);
  private final LongAdder[] limitClosures = adders(LimitClosure.values().length);
  private final LongAdder[] datagramsRefused = adders(DatagramRefusal.values().length);
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
  /**
   * Nanoseconds connections spent not reading for back-pressure: the handlers behind (the in-flight
   * window), the client behind (the write queue), or frames held for {@code maxFramesPerSecond}.
   */
  public final LongAdder pausedNanos = new LongAdder();

  /**
   * Why a frame's request ended without a normal reply; {@link #label} is the metric's kind,
   * {@link #field} the name in the line printed at stop, {@link #code} the error code it is
   * answered with.
   */
  public enum RequestFailure {
    /** Nobody consumes the listener's address. */
    NO_HANDLER("no_handler", "noHandler", Envelope.NO_HANDLER),
    /** The handler's node could not be reached (it died; the cluster had not yet noticed). */
    UNREACHABLE("unreachable", "unreachable", Envelope.UNREACHABLE),
    /** No reply within {@code replyTimeout}. */
    TIMEOUT("timeout", "timeouts", Envelope.TIMEOUT),
    /** The handler threw, or failed the frame with {@code HANDLER_FAILURE}. */
    HANDLER_FAILURE("handler_failure", "handlerFailures", Envelope.HANDLER_FAILURE),
    /** A reply, push or broadcast the codec or framing cannot carry. */
    BAD_REPLY("bad_reply", "badReplies", Envelope.BAD_REPLY),
    /** UDP: {@code maxInFlight} requests already waited for replies. */
    BUSY("busy", "busy", Envelope.BUSY);

    public final String label;
    final String field;
    final String code;

    RequestFailure(String label, String field, String code) {
      this.label = label;
      this.field = field;
      this.code = code;
    }
  }

  /** Why a connection was refused before it could send a frame; {@link #label} is the metric's reason. */
  public enum Rejection {
    /** TLS listeners: the handshake failed or timed out. */
    TLS_HANDSHAKE("tls_handshake"),
    /** The peer's address is refused by the listener's {@code allow}/{@code deny} lists. */
    DENIED("denied"),
    /** The listener holds {@code maxConnections} already. */
    LISTENER_LIMIT("max_connections"),
    /** The peer's source (its address, or its IPv6 prefix) holds {@code maxConnectionsPerSource}. */
    SOURCE_LIMIT("max_connections_per_source"),
    /** The process holds its connection cap (below the open-files limit). */
    PROCESS_LIMIT("process_limit"),
    /** PROXY protocol: the connection came from an address outside {@code trustedProxies}. */
    UNTRUSTED_PROXY("untrusted_proxy"),
    /**
     * PROXY protocol: the header was malformed. (One that does not arrive in time is closed by
     * Vert.x, which does not report it.)
     */
    PROXY_HEADER("proxy_header");

    public final String label;

    Rejection(String label) {
      this.label = label;
    }
  }

  /** Why a limit closed an open connection; {@link #label} is the metric's reason. */
  public enum LimitClosure {
    /** A partial frame stayed incomplete longer than {@code frameTimeout} (slow loris). */
    FRAME_TIMEOUT("frame_timeout"),
    /** Nothing was read or written for {@code idleTimeout}. */
    IDLE_TIMEOUT("idle_timeout"),
    /** The connection reached {@code maxConnectionAge} (closed after its replies were flushed). */
    MAX_AGE("max_age");

    public final String label;

    LimitClosure(String label) {
      this.label = label;
    }
  }

  /** Why a UDP datagram was dropped before it became a frame; {@link #label} is the metric's reason. */
  public enum DatagramRefusal {
    /** The sender's address is refused by the listener's {@code allow}/{@code deny} lists. */
    DENIED("denied"),
    /** The sender exceeded the listener's per-source datagram rate. */
    RATE_LIMITED("rate_limited");

    public final String label;

    DatagramRefusal(String label) {
      this.label = label;
    }
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /** The counter of frames whose request failed for {@code kind}. */
  public LongAdder requestFailures(RequestFailure kind) {
    return requestFailures[kind.ordinal()];
  }

  /** Frames whose request failed, of every kind. */
  public long requestFailuresTotal() {
    return total(requestFailures);
  }

  /** The counter of connections refused for {@code reason}. */
  public LongAdder rejected(Rejection reason) {
    return rejected[reason.ordinal()];
  }

  /** The counter of open connections a limit closed for {@code reason}. */
  public LongAdder closedByLimit(LimitClosure reason) {
    return limitClosures[reason.ordinal()];
  }

  /** The counter of datagrams dropped for {@code reason}. */
  public LongAdder datagramsRefused(DatagramRefusal reason) {
    return datagramsRefused[reason.ordinal()];
  }

  /** Connections refused, for every reason. */
  public long rejectedTotal() {
    return total(rejected);
  }

  private static long total(LongAdder[] adders) {
    long sum = 0;
    for (LongAdder adder : adders) {
      sum += adder.sum();
    }
    return sum;
  }

  private static String sums(Enum<?>[] keys, LongAdder[] adders) {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < keys.length; i++) {
      long sum = adders[i].sum();
      if (sum != 0) {
        text.append(text.length() > 1 ? " " : "").append(keys[i].name().toLowerCase(Locale.ROOT))
            .append('=').append(sum);
      }
    }
    return text.append('}').toString();
  }

  /** Every kind of request failure, zero or not: {@code " noHandler=0 unreachable=0 ..."}. */
  private String failures() {
    StringBuilder text = new StringBuilder();
    for (RequestFailure kind : RequestFailure.values()) {
      text.append(' ').append(kind.field).append('=').append(requestFailures(kind).sum());
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "connections=" + connectionsOpened.sum() + "/" + connectionsClosed.sum()
        + " framesIn=" + framesIn.sum() + " bytesIn=" + bytesIn.sum() + " bytesOut=" + bytesOut.sum()
        + " repliesOut=" + repliesOut.sum()
        + " pushesOut=" + pushesOut.sum() + " oversized=" + oversized.sum()
        + " corrupt=" + corrupt.sum() + " decodeErrors=" + decodeErrors.sum()
        + " truncatedAtEnd=" + truncatedAtEnd.sum() + failures()
        + " errorFrames=" + errorFrames.sum()
        + " errorsDropped=" + errorsDropped.sum() + " lateReplies=" + lateReplies.sum()
        + " unmatchedReplies=" + unmatchedReplies.sum()
        + " undeliverable=" + undeliverable.sum() + " slowConsumersClosed=" + slowConsumersClosed.sum()
        + " kernelDrops=" + kernelDrops.sum()
        + " rejected=" + sums(Rejection.values(), rejected) + " closedByLimit=" + sums(LimitClosure.values(), limitClosures)
        + " datagramsRefused=" + sums(DatagramRefusal.values(), datagramsRefused)
        + " tlsReloads=" + tlsReloads.sum() + " tlsReloadFailures=" + tlsReloadFailures.sum()
        + " pausedMs=" + pausedNanos.sum() / 1_000_000;
  }
}
