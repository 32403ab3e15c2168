package dev.framewire.transport;

import dev.framewire.codec.BodyCodec;
import dev.framewire.codec.Codecs;
import dev.framewire.config.ListenerConfig;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.Framings;
import dev.framewire.route.Envelope;
import dev.framewire.route.LocalEnvelope;
import dev.framewire.route.FrameSender;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a TCP listener: a {@link NetServer} sharing the listener's port with its sibling
 * instances (one per event loop by default), the connections it accepted, and the one event-bus
 * consumer through which replies and pushes reach them.
 *
 * <p>Everything here runs on the instance's event loop; the connection map and the flush batch are
 * confined to it and need no locking.
 */
public final class TcpListenerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(TcpListenerVerticle.class);
  /** Handshake failures: a warning at most once per {@link #WARN_INTERVAL_MS}, the rest at DEBUG. */
  private static final long WARN_INTERVAL_MS = 60_000;
  /** Netty's "not an SSL/TLS record" message carries the whole read in hex: cut it in logs. */
  private static final int MAX_FAILURE_LENGTH = 160;

  final ListenerConfig config;
  final ListenerStats stats;
  private final String nodeId;
  private final int index;
  private final int port;
  private final Duration shutdownGrace;

  BodyCodec codec;
  FrameEncoder encoder;
  ErrorReplies errors;
  String connectionAddress;
  private String idPrefix;
  private long nextConnection;
  private final Map<String, TcpConnection> connections = new HashMap<>();
  private final Map<String, Tombstone> tombstones = new HashMap<>();

  private NetServer server;
  private MessageConsumer<Object> connectionConsumer;
  private MessageConsumer<Object> broadcastConsumer;
  private long tickTimer = -1;
  /** Coarse clock (ms) stamped on frames awaiting replies; advanced by the tick timer. */
  long now;

  private final ArrayList<TcpConnection> dirty = new ArrayList<>();
  private boolean flushScheduled;
  private final Handler<Void> flushTask = v -> flushAll();

  private FrameSender sender;

  private long lastHandshakeWarning = Long.MIN_VALUE;
  private long handshakeFailuresNotWarned;

  /**
   * @param index this instance's number within the listener (0..instances-1)
   * @param port the port to bind (the first instance's actual port when the config says 0)
   */
  public TcpListenerVerticle(ListenerConfig config, String nodeId, int index, int port,
      ListenerStats stats, Duration shutdownGrace) {
    this.config = Objects.requireNonNull(config, "config");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.index = index;
    this.port = port;
    this.stats = Objects.requireNonNull(stats, "stats");
    this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }

  @Override
  public Future<?> start() {
    codec = Codecs.of(config.codec());
    encoder = Framings.encoder(config.framing());
    errors = new ErrorReplies(config, codec);
    connectionAddress = Envelope.connectionAddress(nodeId, config.name(), index);
    idPrefix = nodeId + "." + config.name() + "." + index + ".";
    sender = new FrameSender(vertx, config.address(), this::undelivered, config.remoteBatching());
    now = System.currentTimeMillis();
    tickTimer = vertx.setPeriodic(ReplyTimeouts.tickMillis(config), id -> tick());
    connectionConsumer = vertx.eventBus().consumer(connectionAddress, this::onConnectionMessage);
    broadcastConsumer = vertx.eventBus().consumer(Envelope.broadcastAddress(config.name()), this::onBroadcast);
    server = vertx.createNetServer(OptionsMapper.netServerOptions(config, port)).connectHandler(this::onConnect);
    if (config.tls() != null) {
      server.exceptionHandler(this::onHandshakeFailure);
    }
    return connectionConsumer.completion()
        .compose(v -> broadcastConsumer.completion())
        .compose(v -> server.listen());
  }

  /** The port this instance is bound to. */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Graceful stop: stop accepting, let every connection finish its in-flight requests and flush
   * their replies (up to the grace period), then close what is left.
   */
  @Override
  public Future<?> stop() {
    Future<Void> shutdown = server == null ? Future.succeededFuture() : server.shutdown(shutdownGrace);
    return shutdown.eventually(() -> {
      if (tickTimer >= 0) {
        vertx.cancelTimer(tickTimer);
      }
      return Future.join(unregister(connectionConsumer), unregister(broadcastConsumer));
    });
  }

  private static Future<Void> unregister(MessageConsumer<?> consumer) {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onConnect(NetSocket socket) {
    TcpConnection connection = new TcpConnection(this, socket, idPrefix + nextConnection++);
    connections.put(connection.id, connection);
    stats.connectionsOpened.increment();
    connection.start();
  }

  /**
   * A TLS connection whose handshake failed or timed out (a plain-text client, a missing or
   * untrusted client certificate, no common protocol version): Vert.x has closed it and never
   * handed it to {@link #onConnect}. Vert.x does not report the peer's address with the failure.
   */
  private void onHandshakeFailure(Throwable e) {
    stats.tlsHandshakeFailures.increment();
    String failure = e.toString();
    if (failure.length() > MAX_FAILURE_LENGTH) {
      failure = failure.substring(0, MAX_FAILURE_LENGTH - 3) + "...";
    }
    long time = System.currentTimeMillis();
    if (lastHandshakeWarning == Long.MIN_VALUE || time - lastHandshakeWarning >= WARN_INTERVAL_MS) {
      log.warn("listener {}: TLS handshake failed, connection closed: {} ({} more since the last warning; "
          + "at most one warning a minute, every failure counted)", config.name(), failure,
          handshakeFailuresNotWarned);
      lastHandshakeWarning = time;
      handshakeFailuresNotWarned = 0;
    } else {
      handshakeFailuresNotWarned++;
      log.debug("listener {}: TLS handshake failed, connection closed: {}", config.name(), failure);
    }
  }

  /**
   * @param waiting replies the connection still expected (already counted as undeliverable): when
   *     they arrive they are absorbed, not counted again
   */
  void closed(TcpConnection connection, int waiting) {
    connections.remove(connection.id);
    stats.connectionsClosed.increment();
    if (waiting > 0) {
      tombstones.put(connection.id, new Tombstone(waiting, now));
    }
  }

  /** Replies a closed connection still expects; forgotten after replyTimeout (no reply comes later). */
  private static final class Tombstone {
    int remaining;
    final long stamp;

    Tombstone(int remaining, long stamp) {
      this.remaining = remaining;
      this.stamp = stamp;
    }
  }

  /** A reply or push for a connection that is gone. */
  private void unknownConnection(String id, boolean reply) {
    Tombstone tombstone = reply && id != null ? tombstones.get(id) : null;
    if (tombstone == null) {
      stats.undeliverable.increment();
    } else if (--tombstone.remaining == 0) {
      tombstones.remove(id);
    }
  }

  /** Replies and pushes addressed to one of this instance's connections. */
  private void onConnectionMessage(Message<Object> message) {
    if (message.body() instanceof LocalEnvelope.LocalReply reply) {
      onLocalReply(reply);
      return;
    }
    if (message.body() instanceof LocalEnvelope.LocalReplies replies) {
      for (LocalEnvelope.LocalReply reply : replies.replies()) {
        onLocalReply(reply);
      }
      return;
    }
    MultiMap headers = message.headers();
    String id = headers.get(Envelope.CONNECTION_ID);
    TcpConnection connection = id == null ? null : connections.get(id);
    String seq = headers.get(Envelope.SEQUENCE);
    if (connection == null) {
      unknownConnection(id, seq != null);
      if (seq == null && message.replyAddress() != null) {
        message.fail(Envelope.CONNECTION_CLOSED_FAILURE, Envelope.CONNECTION_CLOSED + " " + id);
      }
      return;
    }
    PublicReply reply = PublicReply.of(message, stats);
    if (seq == null) {
      if (reply.error() == null) {
        connection.push(reply.body());
      }
      if (message.replyAddress() != null) {
        message.reply(null);
      }
      return;
    }
    long sequence;
    try {
      sequence = Long.parseLong(seq);
    } catch (NumberFormatException e) {
      stats.undeliverable.increment();
      return;
    }
    connection.reply(sequence, reply.error(), reply.body());
  }

  private void onLocalReply(LocalEnvelope.LocalReply reply) {
    TcpConnection connection = connections.get(reply.connectionId());
    if (connection == null) {
      unknownConnection(reply.connectionId(), reply.seq() >= 0);
    } else if (reply.seq() < 0) {
      connection.push(reply.body());
    } else {
      connection.reply(reply.seq(), reply.error(), reply.body());
    }
  }

  private void onBroadcast(Message<Object> message) {
    if (connections.isEmpty()) {
      return;
    }
    Buffer payload;
    try {
      payload = codec.encode(message.body());
    } catch (IllegalArgumentException e) {
      stats.badReplies.increment();
      log.warn("listener {}: cannot broadcast: {}", config.name(), e.getMessage());
      return;
    }
    if (payload == null) {
      return;
    }
    String exclude = message.headers().get(Envelope.EXCLUDE);
    for (TcpConnection connection : connections.values()) {
      if (!connection.id.equals(exclude)) {
        connection.pushEncoded(payload);
      }
    }
  }

  /** Sends (or publishes) one frame of {@code connection} to the handlers. */
  void send(TcpConnection connection, Object body, long seq, boolean truncated) {
    sender.submit(envelope(connection, body, seq, truncated));
  }

  /** Sends the frames submitted during this turn of the event loop (one message on the local path). */
  void flushFrames() {
    sender.flush();
  }

  /** A frame the event bus could not deliver: its connection answers it per onError. */
  private void undelivered(LocalEnvelope.LocalFrame frame, Throwable cause) {
    TcpConnection connection = connections.get(frame.connectionId());
    if (connection != null && frame.seq() >= 0) {
      connection.sendFailed(frame.seq(), cause);
    } else {
      stats.undeliverable.increment();
    }
  }

  void publish(TcpConnection connection, Object body, boolean truncated) {
    sender.publish(envelope(connection, body, -1, truncated));
  }

  private LocalEnvelope.LocalFrame envelope(TcpConnection connection, Object body, long seq, boolean truncated) {
    return new LocalEnvelope.LocalFrame(body, config.name(), "tcp", connection.remote, connection.local,
        connection.id, connectionAddress, seq, truncated);
  }

  /** Coalesces the writes of one connection made within one turn of the event loop into one flush. */
  void scheduleFlush(TcpConnection connection) {
    if (!connection.dirty) {
      connection.dirty = true;
      dirty.add(connection);
      if (!flushScheduled) {
        flushScheduled = true;
        context.runOnContext(flushTask);
      }
    }
  }

  private void flushAll() {
    flushScheduled = false;
    // a flush may schedule more (it cannot add to this batch: dirty is cleared before it writes)
    TcpConnection[] batch = dirty.toArray(new TcpConnection[0]);
    dirty.clear();
    for (TcpConnection connection : batch) {
      connection.dirty = false;
      connection.flush();
    }
  }

  private void tick() {
    now = System.currentTimeMillis();
    long deadline = ReplyTimeouts.deadline(config, now);
    if (!tombstones.isEmpty()) {
      tombstones.values().removeIf(t -> t.stamp <= deadline);
    }
    if (connections.isEmpty()) {
      return;
    }
    for (TcpConnection connection : connections.values().toArray(new TcpConnection[0])) {
      connection.expire(deadline);
    }
  }

}
