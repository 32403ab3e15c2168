package dev.framewire.transport;

import dev.framewire.route.FramewireEnvelope;
import dev.framewire.api.ClientCertificate;
import dev.framewire.api.Envelope;
import dev.framewire.codec.BodyCodec;
import dev.framewire.codec.Codecs;
import dev.framewire.codec.DecodeException;
import dev.framewire.config.ListenerConfig;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.Framings;
import dev.framewire.framing.FramingException;
import dev.framewire.route.FrameSender;
import dev.framewire.route.FramewireEnvelope.FrameItem;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every instance of a listener does alike, TCP or UDP: decoding frames and handing them to
 * the handlers (the delivery switch), the one reply inbox that turns every shape a reply arrives
 * in into one internal form ({@link Reply}), the one path that encodes a reply or fails it, the
 * error frames of {@code onError}, the timeout clock, and write coalescing. The transport keeps
 * what differs: its socket, its framer, and where a reply to a frame goes ({@link Peers}).
 *
 * <p>Owned by one listener instance and confined to its event loop: every method is called there.
 */
final class ListenerCore {
  private static final Logger log = LoggerFactory.getLogger(ListenerCore.class);
  /** A drained reply whose body was {@code null}: nothing to write. */
  static final Object NO_REPLY = new Object();

  /** Where replies go: the transport's registry of connections (TCP) or of waiting senders (UDP). */
  interface Peers {
    /** The reply {@code outcome} ({@link #payload}'s result) to frame {@code seq} of connection {@code id}. */
    Match reply(String id, long seq, Object outcome);

    /** Writes a framed push to connection {@code id} now (outside the reply order). */
    PushResult push(String id, Buffer framed);

    /**
     * The timeout sweep: every frame stamped at or before {@code deadline} still waiting for a
     * reply times out (and TCP connections are asked about their time limits); returns the frames
     * sent to the handlers and not answered yet, counted in the same pass.
     */
    int expire(long deadline);

    /** Whether frame {@code seq} of connection {@code id} still waits for its reply. */
    boolean waiting(String id, long seq);

    /**
     * Adds the {@code limit} oldest open connections, in no order, and tells how many are open
     * (none for UDP, whose senders are not connections).
     */
    default int connections(List<ListenerView.ConnectionInfo> into, int limit) {
      return 0;
    }

    /** Closes connection {@code id} now if it is one of this instance's; false otherwise. */
    default boolean closeConnection(String id) {
      return false;
    }
  }

  /** Whether a reply found its frame. */
  enum Match {
    /** It completed a frame waiting for it (or one its closed connection still expected). */
    MATCHED,
    /** Its frame was answered already, or timed out: a late reply. */
    LATE,
    /** Its connection has closed. */
    CLOSED,
    /** It names no frame there ever was: a malformed connection id, or a sequence number never handed out. */
    UNKNOWN
  }

  /** What became of a push. */
  enum PushResult { WRITTEN, CLOSED, MALFORMED_ID }

  /** Something to write once the current turn of the event loop ends. */
  interface Flushable {
    void flush();
  }

  private final Vertx vertx;
  private final Context context;
  private final ListenerConfig config;
  private final ListenerStats stats;
  private final String protocol;
  private final String connectionAddress;
  private final String idPrefix;
  private final BodyCodec codec;
  private final FrameEncoder encoder;
  private final ErrorReplies errors;
  private final RateLimitedLog warnings;
  private final FrameSender sender;
  private final ListenerView view;
  private final boolean tailEnabled;
  /** The last frames received, while someone watches the tail (see {@link ListenerView}). */
  private final ArrayDeque<ListenerView.TailFrame> tail = new ArrayDeque<>();
  private final ListenerView.Instance viewInstance = new ViewInstance();
  private Peers peers;
  private MessageConsumer<Object> inbox;
  private long tickTimer = -1;
  private long now;
  /** This instance's share of {@link ListenerStats#inFlight} at the last sample. */
  private long inFlightSample;

  private final ArrayList<Flushable> dirty = new ArrayList<>();
  private boolean flushScheduled;
  /** A message to the reply inbox is being handled: its writes are flushed when it is done. */
  private boolean inInbox;
  private final Handler<Void> flushTask = v -> flushAll();

  /**
   * @param protocol {@code tcp} or {@code udp}, for the envelope
   * @param idSeparator what separates an instance's id prefix from the part naming the connection
   */
  ListenerCore(Vertx vertx, Context context, ListenerConfig config, ListenerStats stats, ListenerView view,
      String protocol, String nodeId, int index, char idSeparator) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = Objects.requireNonNull(context, "context");
    this.config = Objects.requireNonNull(config, "config");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.view = Objects.requireNonNull(view, "view");
    this.tailEnabled = view.tailEnabled();
    this.protocol = protocol;
    this.connectionAddress = FramewireEnvelope.connectionAddress(nodeId, config.name(), index);
    this.idPrefix = nodeId + "." + config.name() + "." + index + idSeparator;
    this.codec = Codecs.of(config.codec());
    this.encoder = Framings.encoder(config.framing());
    this.errors = new ErrorReplies(config, codec);
    this.warnings = new RateLimitedLog(log, 60_000, config.name());
    this.sender = new FrameSender(vertx, context, config.address(), new SenderOutcomes(), config.remoteBatching(),
        ReplyTimeouts.busTimeoutMillis(config));
    this.now = System.currentTimeMillis();
  }

  /** Starts the reply inbox and the timeout clock; completes once the inbox is registered. */
  Future<Void> start(Peers peers) {
    this.peers = Objects.requireNonNull(peers, "peers");
    tickTimer = vertx.setPeriodic(ReplyTimeouts.tickMillis(config), id -> tick());
    inbox = vertx.eventBus().consumer(connectionAddress, this::onReplyMessage);
    return inbox.completion().onSuccess(v -> view.add(viewInstance));
  }

  Future<Void> stop() {
    view.remove(viewInstance);
    tail.clear();
    sender.close();
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
      tickTimer = -1;
    }
    stats.inFlight.add(-inFlightSample);
    inFlightSample = 0;
    return inbox == null ? Future.succeededFuture() : inbox.unregister();
  }

  /** This instance's warnings about rejected or lost input, rate-limited (its connections' too). */
  RateLimitedLog warnings() {
    return warnings;
  }

  ListenerConfig config() {
    return config;
  }

  ListenerStats stats() {
    return stats;
  }

  /** The id of a new connection (TCP: a counter; UDP: the sender's address). */
  String connectionId(String suffix) {
    return idPrefix + suffix;
  }

  /** The part of {@code id} after this instance's prefix, or null when {@code id} is not one of ours. */
  String connectionSuffix(String id) {
    return id != null && id.length() > idPrefix.length() && id.startsWith(idPrefix)
        ? id.substring(idPrefix.length()) : null;
  }

  /** The coarse clock (ms) that stamps frames awaiting replies; advanced by the timeout sweep. */
  long now() {
    return now;
  }

  /** Runs {@code task} on this instance's event loop in {@code delayMillis} (at least 1). */
  void later(long delayMillis, Runnable task) {
    vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
  }

  // ---- inbound: frames to the handlers --------------------------------------------------------

  /**
   * Every frame received, before anything else looks at it: kept for the tail while someone
   * watches it (only when the configuration enables the tail; one check of a final field otherwise).
   */
  void tap(Buffer frame, String id, String remote) {
    if (tailEnabled && view.capturing(now)) {
      if (tail.size() == ListenerView.TAIL_FRAMES) {
        tail.poll();
      }
      int kept = Math.min(frame.length(), ListenerView.TAIL_BODY_BYTES);
      tail.add(new ListenerView.TailFrame(System.currentTimeMillis(), id, remote, frame.length(),
          frame.getBytes(0, kept)));
    }
  }

  /**
   * The body of {@code frame}, or the {@link Failure} that answers it when it cannot be decoded.
   */
  Object decode(Buffer frame) {
    try {
      return codec.decode(frame);
    } catch (DecodeException e) {
      stats.decodeErrors.increment();
      return new Failure(Envelope.DECODE, e.getMessage());
    }
  }

  /**
   * Hands one decoded frame to the handlers as the listener's {@code delivery} says: {@code seq}
   * is its place in its connection's reply order (request), or -1 (send, publish).
   */
  void deliver(Object body, long seq, boolean truncated, String id, String remote, String local) {
    deliver(body, seq, truncated, id, remote, local, null);
  }

  /** As above, from a connection whose TLS client showed {@code client} (null: none). */
  void deliver(Object body, long seq, boolean truncated, String id, String remote, String local,
      ClientCertificate client) {
    FrameItem frame = new FrameItem(body, config.name(), protocol, remote, local, id, connectionAddress, seq,
        truncated, client);
    switch (config.delivery()) {
      case REQUEST, SEND -> sender.submit(frame);
      case PUBLISH -> sender.publish(frame);
    }
  }

  /** Sends the frames held during this read (one message on the batch paths). */
  void flushFrames() {
    sender.flush();
  }

  /** How a frame's delivery ended, reported by the sender: a reply, or why there was none. */
  private final class SenderOutcomes implements FrameSender.Outcomes {
    @Override
    public void undelivered(FrameItem frame, Throwable cause) {
      if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
        return;  // the timeout sweep, which runs first, has answered it already
      }
      Failure.Undelivered undelivered = Failure.undelivered(cause, config.address());
      Match match = frame.seq() < 0 ? Match.CLOSED
          : peers.reply(frame.connectionId(), frame.seq(), undelivered.failure());
      if (match == Match.LATE) {
        // answered already (its node's departure or the timeout sweep came first): one answer, one
        // count; a handler's failure that comes this late is a late reply
        if (undelivered.kind() == RequestFailure.HANDLER_FAILURE) {
          stats.lateReplies.increment();
        }
        return;
      }
      stats.requestFailures(undelivered.kind()).increment();
      if (match != Match.MATCHED) {
        stats.undeliverable.increment();
      }
    }

    @Override
    public void replied(FrameItem frame, Message<Object> reply) {
      Reply r = Reply.of(reply, stats);
      countUnmatched(peers.reply(frame.connectionId(), frame.seq(), payload(r.error(), r.body())), r, reply);
    }

    @Override
    public boolean waiting(FrameItem frame) {
      return peers.waiting(frame.connectionId(), frame.seq());
    }
  }

  // ---- the reply inbox --------------------------------------------------------------------------

  /** Every message to this instance's connection address: replies and pushes in any shape. */
  private void onReplyMessage(Message<Object> message) {
    inInbox = true;
    try {
      Reply.forEach(message, stats, reply -> onReply(reply, message));
    } finally {
      inInbox = false;
    }
    // the writes this message caused leave now, together: no extra task to wait for
    if (!dirty.isEmpty() && !flushScheduled) {
      flushAll();
    }
  }

  private void onReply(Reply reply, Message<Object> message) {
    if (reply.problem() != null) {
      stats.unmatchedReplies.increment();
      warnings.warn("listener {}: discarded a message to {}: {}", config.name(), connectionAddress, reply.problem());
      failSender(message, Envelope.BAD_ADDRESSING_FAILURE, reply.problem());
      return;
    }
    if (reply.seq() >= 0) {
      Match match = connectionSuffix(reply.connectionId()) == null ? Match.UNKNOWN
          : peers.reply(reply.connectionId(), reply.seq(), payload(reply.error(), reply.body()));
      countUnmatched(match, reply, message);
      return;
    }
    push(reply, message);
  }

  /** Counts a reply that found no frame waiting; one that names no frame at all fails its sender. */
  private void countUnmatched(Match match, Reply reply, Message<?> message) {
    switch (match) {
      case MATCHED -> { }
      case LATE -> stats.lateReplies.increment();
      case CLOSED -> stats.undeliverable.increment();
      case UNKNOWN -> {
        stats.unmatchedReplies.increment();
        String problem = Envelope.CONNECTION_ID + " " + reply.connectionId() + " " + Envelope.SEQUENCE + " "
            + reply.seq() + " names no frame of listener " + config.name();
        warnings.warn("listener {}: discarded a reply: {}", config.name(), problem);
        failSender(message, Envelope.BAD_ADDRESSING_FAILURE, problem);
      }
    }
  }

  private void push(Reply reply, Message<Object> message) {
    if (reply.error() != null || reply.body() == null) {
      // a push carries something to write; a failure or an empty body writes nothing
      stats.undeliverable.increment();
      failSender(message, Envelope.BAD_ADDRESSING_FAILURE, reply.error() != null ? "a push cannot carry " + Envelope.ERROR
          : "a push needs a body");
      return;
    }
    Buffer framed;
    try {
      framed = frame(reply.body());
    } catch (IllegalArgumentException | FramingException e) {
      stats.requestFailures(RequestFailure.BAD_REPLY).increment();
      failSender(message, Envelope.BAD_REPLY_FAILURE, Envelope.BAD_REPLY + " " + e.getMessage());
      return;
    }
    String id = reply.connectionId();
    PushResult result = connectionSuffix(id) == null ? PushResult.MALFORMED_ID : peers.push(id, framed);
    switch (result) {
      case WRITTEN -> {
        stats.pushesOut.increment();
        if (message.replyAddress() != null) {
          message.reply(null);
        }
      }
      case CLOSED -> {
        stats.undeliverable.increment();
        failSender(message, Envelope.CONNECTION_CLOSED_FAILURE, Envelope.CONNECTION_CLOSED + " " + id);
      }
      case MALFORMED_ID -> {
        stats.unmatchedReplies.increment();
        String problem = Envelope.CONNECTION_ID + " " + id + " is malformed: it names no connection of listener "
            + config.name();
        warnings.warn("listener {}: discarded a push: {}", config.name(), problem);
        failSender(message, Envelope.BAD_ADDRESSING_FAILURE, problem);
      }
    }
  }

  private static void failSender(Message<?> message, int code, String why) {
    if (message.replyAddress() != null) {
      message.fail(code, why);
    }
  }

  // ---- the one encode-or-fail path --------------------------------------------------------------

  /**
   * What a reply turns into: the encoded payload ({@link Buffer}), a {@link Failure} (the handler
   * failed it, or its body cannot be encoded), or {@link #NO_REPLY}. Counted here.
   */
  Object payload(String error, Object body) {
    if (error != null) {
      if (Envelope.HANDLER_FAILURE.equals(error)) {
        stats.requestFailures(RequestFailure.HANDLER_FAILURE).increment();
      }
      return new Failure(error, body == null ? "" : body.toString());
    }
    if (body == null) {
      return NO_REPLY;
    }
    try {
      return codec.encode(body);
    } catch (IllegalArgumentException e) {
      stats.requestFailures(RequestFailure.BAD_REPLY).increment();
      return new Failure(Envelope.BAD_REPLY, e.getMessage());
    }
  }

  /** What {@link #write} did. */
  enum Written {
    /** A frame (the reply, or an error frame in its place) was appended. */
    FRAME,
    /** Nothing to write: no reply, or {@code onError} drops the failure, or the framing cannot carry it. */
    NOTHING,
    /** {@code onError} is {@code close}: the caller closes the connection after what came before. */
    CLOSE
  }

  /**
   * Frames a reply outcome into {@code out}: the payload, or, when the framing cannot carry it or
   * it is a failure, what {@code onError} says. Counted here.
   */
  Written write(Object outcome, Buffer out) {
    if (outcome == NO_REPLY) {
      return Written.NOTHING;
    }
    if (outcome instanceof Buffer payload) {
      try {
        encoder.encode(payload, out);
        stats.repliesOut.increment();
        return Written.FRAME;
      } catch (FramingException e) {
        stats.requestFailures(RequestFailure.BAD_REPLY).increment();
        return writeFailure(new Failure(Envelope.BAD_REPLY, e.getMessage()), out);
      }
    }
    return writeFailure((Failure) outcome, out);
  }

  /** Applies {@code onError} to a failure. Counted here. */
  Written writeFailure(Failure failure, Buffer out) {
    switch (config.onError().action()) {
      case ERROR_FRAME -> {
        Buffer payload = errors.payload(failure);
        if (payload != null) {
          try {
            encoder.encode(payload, out);
            stats.errorFrames.increment();
            return Written.FRAME;
          } catch (FramingException e) {
            // the framing cannot carry this error frame (e.g. fixed size): counted below
          }
        }
        stats.errorsDropped.increment();
        return Written.NOTHING;
      }
      case CLOSE -> {
        stats.errorsDropped.increment();
        return Written.CLOSE;
      }
      default -> {
        stats.errorsDropped.increment();
        return Written.NOTHING;
      }
    }
  }

  /** The failure of a frame that waited {@code replyTimeout}; counted. */
  Failure timedOut() {
    stats.requestFailures(RequestFailure.TIMEOUT).increment();
    return new Failure(Envelope.TIMEOUT, "no reply within " + config.replyTimeout().toMillis() + " ms");
  }

  /**
   * A push's or broadcast's body, encoded and framed as one write (never null).
   *
   * @throws IllegalArgumentException when the codec cannot encode it
   * @throws FramingException when the framing cannot carry it
   */
  private Buffer frame(Object body) {
    return encoder.encode(codec.encode(body));
  }

  /** Encodes and frames a broadcast body once for every connection; null (counted, logged) when it cannot. */
  Buffer broadcastFrame(Object body) {
    if (body == null) {
      return null;
    }
    try {
      return frame(body);
    } catch (IllegalArgumentException | FramingException e) {
      stats.requestFailures(RequestFailure.BAD_REPLY).increment();
      warnings.warn("listener {}: cannot broadcast: {}", config.name(), e.getMessage());
      return null;
    }
  }

  // ---- write coalescing and the clock -----------------------------------------------------------

  /**
   * Runs {@code f.flush()} once this turn of the event loop ends, or, for writes caused by a message
   * to the reply inbox, once that message is handled (the caller tracks whether it asked).
   */
  void scheduleFlush(Flushable f) {
    dirty.add(f);
    if (!flushScheduled && !inInbox) {
      flushScheduled = true;
      context.runOnContext(flushTask);
    }
  }

  private void flushAll() {
    flushScheduled = false;
    // a flush may schedule more: those go in the next batch
    Flushable[] batch = dirty.toArray(new Flushable[0]);
    dirty.clear();
    for (Flushable f : batch) {
      f.flush();
    }
  }

  /** How the listener's {@link ListenerView} asks this instance, on its event loop. */
  private final class ViewInstance implements ListenerView.Instance {
    @Override
    public Context context() {
      return context;
    }

    @Override
    public int connections(List<ListenerView.ConnectionInfo> into, int limit) {
      return peers.connections(into, limit);
    }

    @Override
    public boolean close(String id) {
      return connectionSuffix(id) != null && peers.closeConnection(id);
    }

    @Override
    public void tail(List<ListenerView.TailFrame> into) {
      into.addAll(tail);
    }
  }

  private void tick() {
    now = System.currentTimeMillis();
    if (!tail.isEmpty() && !view.capturing(now)) {
      tail.clear();  // nobody watches: frame bodies are not kept a moment longer
    }
    long sample = peers.expire(ReplyTimeouts.deadline(config, now));
    sender.prune();
    if (sample != inFlightSample) {
      stats.inFlight.add(sample - inFlightSample);
      inFlightSample = sample;
    }
  }
}
