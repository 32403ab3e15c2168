package dev.framewire.transport;

import dev.framewire.api.ClientCertificate;
import dev.framewire.api.Envelope;
import dev.framewire.config.Delivery;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.ListenerLimits;
import dev.framewire.config.OversizePolicy;
import dev.framewire.config.TlsClientAuth;
import dev.framewire.framing.CorruptFrameException;
import dev.framewire.framing.FrameSink;
import dev.framewire.framing.Framer;
import dev.framewire.framing.FramingException;
import dev.framewire.framing.Framings;
import dev.framewire.route.ReplyOrder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted TCP connection: frames its bytes, sends the frames to the handlers, and writes the
 * replies back in frame order.
 *
 * <p>Confined to its listener instance's event loop: created in the connect handler, and every
 * method is called on that loop (socket callbacks, replies through the instance's consumer, the
 * flush task, the tick timer). No field needs a lock.
 *
 * <p>Back-pressure reads the socket only while (a) fewer than {@code maxInFlight} frames await
 * replies and (b) the socket's write queue is not full; otherwise the channel's auto-read is off,
 * so unread bytes stay in the kernel and TCP flow control slows the client. The Vert.x stream is
 * never paused, so nothing piles up in its inbound queue either.
 *
 * <p>Half-close: a client that shuts down its sending side (a FIN, or over TLS a close_notify)
 * still gets the replies to everything it sent; the connection closes once they are written.
 *
 * <p>Limits ({@link ListenerLimits}): the listener's timeout sweep asks {@link #expire} about the
 * time limits (no timer per connection): a frame left incomplete too long ({@code frameTimeout})
 * and {@code maxConnectionAge} end the input as a half-close does (the replies owed are written,
 * then the connection closes); {@code idleTimeout} closes a connection with nothing owed. Past the
 * frame rate ({@code maxFramesPerSecond}) frames wait in the backlog, as frames past the in-flight
 * window do: reading stops while the backlog holds any, and only draining it (by replies for the
 * window, by a timer for the rate, each frame needing both) resumes reading; a full write queue is
 * a flag of its own. No reason to stop reading can resume it while another holds.
 *
 * <p>Quiet: the same sweep lets a connection's framer, reply slots and backlog go once it has
 * neither read nor written for {@link #QUIET_MILLIS} and they hold nothing a new one would not (the framer
 * {@link Framer#replaceable()}, no reply owed, nothing held or unwritten); the next bytes make them
 * again, and the sequence numbers go on. A connection of a device that sends a frame a minute then
 * costs between its frames what one that never sent costs.
 */
final class TcpConnection implements FrameSink, ListenerCore.Flushable {
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
  /** Above this many unsent bytes, pushes mean a client that stopped reading. */
  private static final long SLOW_CONSUMER_BYTES = 8L * 1024 * 1024;
  /**
   * How long a connection has neither read nor written before the sweep lets its framer and reply
   * slots go (measured as {@code idleTimeout} is, so it acts at most one sweep period later). Far
   * longer than the gaps of a conversation (a client reading a reply, then sending the next frame),
   * so a busy connection does not make them again and again; far shorter than the minute or more
   * between the frames of a device that reports now and then, which is where the memory is.
   */
  static final long QUIET_MILLIS = 5_000;

  final String id;
  /**
   * The peer's and our address, formatted when first needed: an idle connection holds neither (a
   * quiet one lets them go with its framer, {@link #releaseIfQuiet}).
   */
  private String remote;
  private String local;
  /**
   * The TLS client's certificate, read at the first frame that goes to the handlers (an idle
   * connection parses none); null without one, before it is read, and for plain TCP.
   */
  private ClientCertificate client;
  /** Whether the handlers get a client certificate: a TLS listener that asks for one, and it is not read yet. */
  private boolean clientUnread;
  private final ListenerCore core;
  private final ListenerConfig config;
  private final ListenerStats stats;
  /** Told once this connection has closed, with the replies it still expected. */
  private final ClosedListener onClosed;
  private final NetSocket socket;
  private final Channel channel;
  /**
   * Made when the first bytes arrive: a connection that never sends holds no parser; dropped again
   * when the connection goes quiet between frames ({@link #releaseIfQuiet}).
   */
  private Framer framer;
  private final ReplyOrder<Object> order = new ReplyOrder<>();
  /**
   * Frames (and rejected frames) read past the in-flight window: at most one read's worth. Made by
   * the first frame held, dropped (as large as it grew) when the connection goes quiet.
   */
  private ArrayDeque<Object> backlog;
  private final boolean request;
  private boolean draining;
  private boolean redrain;

  /** What this turn wrote, until the flush hands it to the socket; null when nothing (see {@link #out()}). */
  private Buffer out;
  private boolean flushRequested;
  /**
   * Bytes handed to the socket and not yet written to the transport. Counted here because, should
   * the socket not write directly ({@link VertxInternals#writeDirectly}), Vert.x holds writes past
   * the channel's high-water mark in a queue of its own, which neither Netty's nor Vert.x's API
   * measures.
   */
  private long unsent;

  private boolean windowFull;
  private boolean writeFull;
  private boolean readStopped;     // no more reading, ever: input ended, fatal error, shutdown, closing
  private boolean inputEnded;      // peer shut down its side, or a fatal framing error
  private boolean closing;         // close once out is flushed
  private boolean closed;
  private Failure fatal;           // written (per onError) after the last reply, then close
  private boolean oversizeLogged;
  /** When reading stopped for back-pressure (System.nanoTime), or 0 while reading. */
  private long pausedSince;
  /** Why this connection closes, once Framewire decides it (null: the peer closed it, or reset it). */
  private String closeReason;
  private final long openedAt = System.currentTimeMillis();
  private long framesIn;
  private long framesOut;
  private long bytesIn;
  private long bytesOut;
  /** When the connection last read or wrote (ms, wall clock: exact, so the sweep is the only lag). */
  private long lastActive;
  /** When the frame the framer holds part of began (ms, wall clock); 0 for none. */
  private long partialSince;
  /** {@code maxFramesPerSecond}, or null without one. */
  private final TokenBucket frameRate;
  /** Frames wait in the backlog for the frame rate, and a timer will drain it once a token is back. */
  private boolean rateTimer;

  /** How a connection tells its listener that it has closed. */
  interface ClosedListener {
    /** @param waiting replies it still expected (counted as undeliverable already) */
    void closed(TcpConnection connection, int waiting);
  }

  TcpConnection(ListenerCore core, NetSocket socket, String id, ClosedListener onClosed) {
    this.core = core;
    this.config = core.config();
    this.stats = core.stats();
    this.onClosed = onClosed;
    this.socket = socket;
    this.id = id;
    this.clientUnread = config.tls() != null && config.tls().clientAuth() != TlsClientAuth.NONE;
    this.channel = VertxInternals.channel(socket);
    this.request = config.delivery() == Delivery.REQUEST;
    int rate = config.limits().maxFramesPerSecond();
    this.frameRate = rate > 0 ? new TokenBucket(rate, System.nanoTime()) : null;
    this.lastActive = System.currentTimeMillis();
  }

  void start() {
    VertxInternals.writeDirectly(socket); // every write is on this loop: no 4 KiB cross-thread queue
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ChannelHandlerContext vertxHandler = VertxInternals.handlerContext(socket);
    channel.pipeline().addBefore(vertxHandler.name(), "framewire-half-close", new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ChannelInputShutdownEvent.INSTANCE) {
          onInputShutdown();
        } else {
          if (event instanceof SslCloseCompletionEvent close && close.isSuccess()) {
            // the peer's close_notify: its input is over, and TLS 1.3 sends no FIN with it (Python's
            // unwrap() waits for ours); end the input as a FIN does: replies owed, close_notify, close
            onInputShutdown();
          }
          ctx.fireUserEventTriggered(event);
        }
      }
    });
    socket.handler(this::onData);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(this::onException);
    socket.drainHandler(v -> onDrain());
    socket.shutdownHandler(grace -> onShutdown());
    if (log.isDebugEnabled()) {
      LogFields.debug(log, config.name(), remote()).log("listener {}: connection {} from {} opened", config.name(), id,
          remote());
    }
  }

  /** The peer's address, {@code host:port}. */
  String remote() {
    if (remote == null) {
      remote = Addresses.format(socket.remoteAddress());
    }
    return remote;
  }

  private String local() {
    if (local == null) {
      local = Addresses.format(socket.localAddress());
    }
    return local;
  }

  // ---- inbound ------------------------------------------------------------------------------

  private void onData(Buffer chunk) {
    stats.bytesIn.add(chunk.length());
    bytesIn += chunk.length();
    lastActive = System.currentTimeMillis();
    if (readStopped) {
      return;
    }
    long framesBefore = framesIn;
    if (framer == null) {
      framer = Framings.newFramer(config.framing(), config.onOversize(), this);
    }
    framer.handle(chunk);
    if (framesIn != framesBefore || !framer.inFrame()) {
      partialSince = 0;  // a frame ended: the client is making progress
    }
    if (partialSince == 0 && framer.inFrame()) {
      partialSince = lastActive;
    }
    core.flushFrames();
    if (request && order.pending() >= config.maxInFlight()) {
      windowFull = true;
    }
    updateAutoRead();
  }

  /**
   * Whether the frame rate lets one more frame go to the handlers now (taking its token). When it
   * does not, the frame waits in the backlog (which stops reading) and a timer drains the backlog
   * once a token is back: frames are delayed, never dropped.
   */
  private boolean rateAllows() {
    if (frameRate == null) {
      return true;
    }
    long now = System.nanoTime();
    if (frameRate.tryTake(now)) {
      return true;
    }
    if (!rateTimer) {
      rateTimer = true;
      core.later((frameRate.nanosUntilToken(now) + 999_999) / 1_000_000, this::onRateToken);
    }
    return false;
  }

  private void onRateToken() {
    rateTimer = false;
    if (!closed) {
      drain();
    }
  }

  /** A frame read while the window was full, sent when a reply frees a place. */
  private record Held(Buffer frame, boolean truncated) {}

  @Override
  public void frame(Buffer frame, boolean truncated) {
    stats.framesIn.increment();
    framesIn++;
    core.tap(frame, id, remote());
    if (closed) {
      stats.undeliverable.increment();
      return;
    }
    // held: behind others, past the in-flight window, or past the frame rate (in that order, so a
    // held frame takes no token until it leaves the backlog)
    if (holding() || (request && order.pending() >= config.maxInFlight()) || !rateAllows()) {
      hold(new Held(frame, truncated));
      windowFull = true;
      return;
    }
    dispatch(frame, truncated);
  }

  private void dispatch(Buffer frame, boolean truncated) {
    Object body = core.decode(frame);
    if (body instanceof Failure failure) {
      reject(failure);
      return;
    }
    core.deliver(body, request ? order.next(core.now()) : -1, truncated, id, remote(), local(), client());
  }

  /** The client's certificate, read from the TLS session the first time it is asked for. */
  private ClientCertificate client() {
    if (clientUnread) {
      clientUnread = false;
      client = ClientCertificates.of(socket);
    }
    return client;
  }

  /** A frame that cannot go to the handlers: answered in its place in the reply order. */
  private void reject(Failure failure) {
    if (request && holding()) {
      hold(failure);
    } else if (request) {
      complete(order.next(core.now()), failure);
    } else {
      emitFailure(failure);
      scheduleFlushIfNeeded();
    }
  }

  @Override
  public void error(FramingException error, boolean fatal) {
    boolean oversize = !(error instanceof CorruptFrameException);
    if (oversize) {
      stats.oversized.increment();
    } else {
      stats.corrupt.increment();
    }
    if (!oversizeLogged) {
      oversizeLogged = true;
      // once per connection, and at most one a minute for the listener: a flood of bad clients is counted
      core.warnings().warnFrom(remote(), "listener {}: connection {} ({}): {}{}", config.name(), id, remote(),
          error.getMessage(), fatal ? "; closing the connection" : "; " + config.onOversize().json()
              + " (logged once per connection)");
    }
    Failure failure = new Failure(oversize ? Envelope.OVERSIZE : Envelope.CORRUPT, error.getMessage());
    if (fatal) {
      closingBecause(oversize ? "oversize" : "corrupt frame");
      this.fatal = failure;
      stopReading();
      inputEnded = true;
      drain();
    } else if (config.onOversize() == OversizePolicy.SKIP) {
      reject(failure);
    }
    // truncate: the truncated frame follows, marked with fw.truncated
  }

  @Override
  public void truncatedAtEnd(int bytesDropped) {
    stats.truncatedAtEnd.increment();
    if (log.isDebugEnabled()) {
      LogFields.debug(log, config.name(), remote()).log("listener {}: connection {} ({}) ended inside a frame; {} bytes "
          + "dropped", config.name(), id, remote(), bytesDropped);
    }
  }

  private void onInputShutdown() {
    if (inputEnded) {
      return;
    }
    if (framer != null) {
      framer.end();
    }
    inputEnded = true;
    closingBecause("peer closed its side");
    stopReading();
    drain();
  }

  private void onShutdown() {
    // the server is stopping: no new frames; finish what is in flight, then close
    closingBecause("shutdown");
    stopReading();
    inputEnded = true;
    drain();
  }

  // ---- replies ------------------------------------------------------------------------------

  /** Completes frame {@code seq} with {@code outcome} (see {@link ListenerCore#payload}). */
  ListenerCore.Match reply(long seq, Object outcome) {
    if (!order.complete(seq, outcome)) {
      return seq >= order.nextSequence() ? ListenerCore.Match.UNKNOWN : ListenerCore.Match.LATE;
    }
    drain();
    return ListenerCore.Match.MATCHED;
  }

  /** Whether frame {@code seq} still waits for its reply. */
  boolean waiting(long seq) {
    return order.isWaiting(seq);
  }

  private void complete(long seq, Object value) {
    if (!order.complete(seq, value)) {
      stats.lateReplies.increment();
      return;
    }
    drain();
  }

  /**
   * The timeout sweep: the time limits first, then every frame stamped before {@code deadline}
   * that still waits fails with TIMEOUT; with none owed, a connection quiet since before
   * {@code quietBefore} (ms, the sweep's clock) lets its framer and reply slots go.
   */
  void expire(long deadline, long quietBefore) {
    if (!readStopped) {
      checkTimeLimits();
    }
    if (order.pending() == 0) {
      releaseIfQuiet(quietBefore);
      return;
    }
    boolean expired = false;
    for (long seq = order.head(); seq < order.nextSequence() && order.stamp(seq) <= deadline; seq++) {
      if (order.isWaiting(seq)) {
        order.complete(seq, core.timedOut());
        expired = true;
      }
    }
    if (expired) {
      drain();
    }
  }

  /**
   * Stamps and the sweep's clock are whole milliseconds of the same clock: a limit acts only once
   * more than its time has passed on that clock (then more than its time has passed, whatever the
   * fractions the stamps dropped), so no sooner than configured, and at most one sweep period later.
   */
  private void checkTimeLimits() {
    ListenerLimits limits = config.limits();
    long now = core.now();
    if (!limits.maxConnectionAge().isZero() && now - openedAt > limits.maxConnectionAge().toMillis()) {
      endInputForLimit(ListenerStats.LimitClosure.MAX_AGE, "max connection age "
          + limits.maxConnectionAge().toMillis() + " ms");
      return;
    }
    if (!reading()) {
      return;  // paused by the listener, not by the client: the client is not the slow one
    }
    if (partialSince != 0 && !limits.frameTimeout().isZero()
        && now - partialSince > limits.frameTimeout().toMillis()) {
      endInputForLimit(ListenerStats.LimitClosure.FRAME_TIMEOUT, "frame incomplete for "
          + limits.frameTimeout().toMillis() + " ms");
      return;
    }
    if (!config.idleTimeout().isZero() && now - lastActive > config.idleTimeout().toMillis()
        && order.pending() == 0 && !holding() && unsent == 0 && (out == null || out.length() == 0)) {
      limitReached(ListenerStats.LimitClosure.IDLE_TIMEOUT, "idle for " + config.idleTimeout().toMillis() + " ms");
      close("idle timeout");
    }
  }

  /**
   * Lets the framer and the reply slots go when the connection has neither read nor written since
   * before {@code quietBefore} (the sweep's clock less {@link #QUIET_MILLIS}, as the time limits are
   * measured) and they hold nothing a new
   * framer and empty slots would not: the framer is replaceable, no reply is owed, nothing waits in
   * the backlog or to be written, and the connection reads as usual (not closing, not paused). The
   * next bytes make a new framer ({@link #onData}), the next frame new slots. The formatted
   * addresses go too: they are made for frames, and cost as much again as the slots.
   */
  private void releaseIfQuiet(long quietBefore) {
    if (!holdsFramingState() || !reading() || lastActive >= quietBefore) {
      return;
    }
    if (order.pending() != 0 || holding() || rateTimer || unsent != 0 || flushRequested
        || (out != null && out.length() > 0) || (framer != null && !framer.replaceable())) {
      return;
    }
    framer = null;
    order.release();
    backlog = null;  // empty, but as large as it ever grew
    remote = null;  // formatted again (from the addresses the socket keeps) for the next frame
    local = null;
  }

  /** Whether this connection holds a framer, reply slots or a backlog now (none when never used, or quiet). */
  boolean holdsFramingState() {
    return framer != null || order.capacity() > 0 || backlog != null;
  }

  /** Whether frames (or their failures) wait in the backlog. */
  private boolean holding() {
    return backlog != null && !backlog.isEmpty();
  }

  /** Puts a frame, or a failure in its place, at the end of the backlog, made by the first. */
  private void hold(Object item) {
    if (backlog == null) {
      backlog = new ArrayDeque<>(4);
    }
    backlog.add(item);
  }

  /** A limit ends the input: no more reading; the replies owed are written, then the connection closes. */
  private void endInputForLimit(ListenerStats.LimitClosure limit, String why) {
    limitReached(limit, why);
    stopReading();
    inputEnded = true;
    drain();
  }

  private void limitReached(ListenerStats.LimitClosure limit, String why) {
    stats.closedByLimit(limit).increment();
    closingBecause(why);
    if (limit == ListenerStats.LimitClosure.FRAME_TIMEOUT) {
      // a client that starts frames and never ends them: rejected input, so a warning (rate-limited)
      core.warnings().warnWithReason(remote(), limit.label, "listener {}: connection {} ({}): {}; closing (at most one "
          + "warning a minute, every closure counted)", config.name(), id, remote(), why);
    } else {
      LogFields.debug(log, config.name(), remote()).addKeyValue(LogFields.REASON, limit.label)
          .log("listener {}: connection {} ({}): {}; closing", config.name(), id, remote(), why);
    }
  }

  private void drain() {
    if (draining) {
      redrain = true;  // completed from within the loop below (a held rejection): go round again
      return;
    }
    draining = true;
    try {
      do {
        redrain = false;
        order.drain(this::emit);
        while (holding() && order.pending() < config.maxInFlight() && !closing) {
          Object held = backlog.peek();
          if (held instanceof Held h) {
            if (!rateAllows()) {
              break;  // the rate's timer drains again
            }
            backlog.poll();
            dispatch(h.frame(), h.truncated());
          } else {
            backlog.poll();
            complete(order.next(core.now()), held);
          }
        }
      } while (redrain);
    } finally {
      draining = false;
    }
    core.flushFrames();
    boolean full = holding() || order.pending() >= config.maxInFlight();
    if (full != windowFull) {
      windowFull = full;
      updateAutoRead();
    }
    if (inputEnded && order.pending() == 0 && !holding() && !closing) {
      if (fatal != null) {
        emitFailure(fatal);
      }
      closing = true;
    }
    scheduleFlushIfNeeded();
  }

  private void emit(Object outcome) {
    if (closing) {
      stats.undeliverable.increment();
      return;
    }
    written(core.write(outcome, out()));
  }

  private void emitFailure(Failure failure) {
    written(core.writeFailure(failure, out()));
  }

  private void written(ListenerCore.Written written) {
    if (written == ListenerCore.Written.FRAME) {
      framesOut++;
    } else if (written == ListenerCore.Written.CLOSE) {
      closeAfterWrites();
    }
  }

  /** onError close: no more reading; what is written so far goes out, then the connection closes. */
  private void closeAfterWrites() {
    closingBecause("onError close");
    stopReading();
    closing = true;
  }

  /** A push (or one broadcast copy), framed already: written now, outside the reply order. */
  boolean push(Buffer framed) {
    if (closing || closed) {
      return false;
    }
    out().appendBuffer(framed);
    framesOut++;
    scheduleFlushIfNeeded();
    return true;
  }

  /** The buffer this turn's writes go to, made by the first of them. */
  private Buffer out() {
    if (out == null) {
      out = Buffer.buffer();
    }
    return out;
  }

  private void scheduleFlushIfNeeded() {
    if ((out != null && out.length() > 0 || closing) && !flushRequested) {
      flushRequested = true;
      core.scheduleFlush(this);
    }
  }

  /** Called by the listener's flush task: one write for everything this turn produced. */
  @Override
  public void flush() {
    flushRequested = false;
    if (closed) {
      return;
    }
    if (out != null && out.length() > 0) {
      Buffer batch = out;
      out = null; // the next write makes a new one: a quiet connection holds no buffer
      int length = batch.length();
      lastActive = System.currentTimeMillis();
      stats.bytesOut.add(length);
      bytesOut += length;
      unsent += length;
      // completes on this connection's event loop once the bytes are written to the transport
      socket.write(batch).onComplete(ar -> unsent -= length);
      if (unsent > SLOW_CONSUMER_BYTES) {
        stats.slowConsumersClosed.increment();
        closeReason = "slow consumer";
        core.warnings().warnFrom(remote(), "listener {}: connection {} ({}) stopped reading; {} bytes unsent, closing",
            config.name(), id, remote(), unsent);
        closeSocket();
        return;
      }
      if (socket.writeQueueFull()) {
        writeFull = true;
        updateAutoRead();
      }
    }
    if (closing) {
      closeSocket();
    }
  }

  private void closeSocket() {
    closed = true;
    // our shutdown handler would take this close for a server shutdown and wait: hand it back
    socket.shutdownHandler(null);
    socket.close();
  }

  private void onDrain() {
    if (writeFull) {
      writeFull = false;
      updateAutoRead();
    }
  }

  private void stopReading() {
    readStopped = true;
    updateAutoRead();
  }

  private boolean reading() {
    return !readStopped && !windowFull && !writeFull;
  }

  private void updateAutoRead() {
    boolean read = reading();
    if (channel.config().isAutoRead() != read) {
      channel.config().setAutoRead(read);
      if (read && partialSince != 0) {
        partialSince = System.currentTimeMillis();  // the frame waited on the listener, not the client: its clock restarts
      }
    }
    // time not reading for back-pressure: the window or the write queue full, the connection alive
    boolean paused = !readStopped && (windowFull || writeFull);
    if (paused && pausedSince == 0) {
      pausedSince = System.nanoTime();
    } else if (!paused && pausedSince != 0) {
      stats.pausedNanos.add(System.nanoTime() - pausedSince);
      pausedSince = 0;
    }
  }

  /** Oldest first, then by id, as {@link ListenerView#OLDEST_FIRST} orders their descriptions. */
  static final Comparator<TcpConnection> OLDEST_FIRST =
      Comparator.comparingLong((TcpConnection c) -> c.openedAt).thenComparing(c -> c.id);

  /** This connection's figures now. */
  ListenerView.ConnectionInfo info() {
    return new ListenerView.ConnectionInfo(id, config.name(), remote(), openedAt, framesIn, framesOut, bytesIn,
        bytesOut);
  }

  /**
   * Closes the connection now, whatever it was doing: replies still owed are counted undeliverable.
   * {@code reason} is what the close log says.
   */
  void close(String reason) {
    closingBecause(reason);
    if (!closed) {
      stopReading();
      closeSocket();
    }
  }

  /** The peer's address (the proxied client's with PROXY protocol). */
  SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  /** Frames of this connection sent to the handlers and not answered yet. */
  int inFlight() {
    return order.pending() - order.completed();
  }

  private void onException(Throwable e) {
    if (e instanceof IOException) {
      // ECONNRESET and the like: the close that follows is the peer's doing
      closingBecause("reset");
    }
    LogFields.debug(log, config.name(), remote()).log("listener {}: connection {} ({}): {}", config.name(), id, remote(),
        e.toString());
  }

  /** The first reason given is the one the close is logged with. */
  private void closingBecause(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  private void onClosed() {
    closed = true;
    readStopped = true;
    if (pausedSince != 0) {
      stats.pausedNanos.add(System.nanoTime() - pausedSince);
      pausedSince = 0;
    }
    if (!inputEnded) {
      // reset or closed without a clean end of input: a partial last frame is dropped and counted
      inputEnded = true;
      if (framer != null) {
        framer.end();
      }
    }
    // every reply this connection will never write is counted here, once; replies still to come
    // are then absorbed by the listener without counting them again
    int waiting = order.pending() - order.completed();
    int lost = order.pending() + (backlog == null ? 0 : backlog.size());
    backlog = null;
    if (lost > 0) {
      stats.undeliverable.add(lost);
    }
    String reason = closeReason != null ? closeReason : "peer closed";
    if (log.isDebugEnabled()) {
      LogFields.debug(log, config.name(), remote()).addKeyValue(LogFields.REASON, reason)
          .log("listener {}: connection {} ({}) closed: {}{}", config.name(), id, remote(), reason,
              lost > 0 ? "; " + lost + " replies pending" : "");
    }
    onClosed.closed(this, waiting);
  }

}
