package dev.framewire.transport;

import dev.framewire.api.Envelope;
import dev.framewire.config.ListenerConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a TCP listener: a {@link NetServer} sharing the listener's port with its sibling
 * instances (one per event loop by default), and the registry of the connections it accepted,
 * which its {@link ListenerCore} asks where replies and pushes go. Broadcasts to the listener are
 * fanned out here.
 *
 * <p>Everything here runs on the instance's event loop; the registry is confined to it.
 */
public final class TcpListenerVerticle extends VerticleBase implements ListenerCore.Peers {
  private static final Logger log = LoggerFactory.getLogger(TcpListenerVerticle.class);

  private final ListenerConfig config;
  private final ListenerStats stats;
  private final ListenerView view;
  private final String nodeId;
  private final int index;
  private final int port;
  private final Duration shutdownGrace;
  private final Admission admission;
  /** The listener's TLS key material and its rotation, shared by its instances; null for plain TCP. */
  private final TlsReloader tls;
  /** After how long quiet a connection lets its framer and reply slots go ({@link TcpConnection#QUIET_MILLIS}). */
  private final long quietMillis;

  private ListenerCore core;
  private long nextConnection;
  private final Map<String, TcpConnection> connections = new HashMap<>();
  private final Map<String, Tombstone> tombstones = new HashMap<>();
  /** The timeout sweep walks {@link #connections}: a connection closing meanwhile leaves the map after the walk. */
  private boolean sweeping;
  /** Connections that closed during the sweep's walk; null when none did. */
  private List<TcpConnection> closedDuringSweep;
  private NetServer server;
  private MessageConsumer<Object> broadcastConsumer;
  private RateLimitedLog handshakeWarnings;
  /** The proxies a PROXY header is accepted from; null when the listener does not speak PROXY. */
  private SourceFilter trustedProxies;

  /**
   * @param index this instance's number within the listener (0..instances-1)
   * @param port the port to bind (the first instance's actual port when the config says 0)
   * @param view the listener's live view, shared by its instances
   * @param admission who may connect, shared by the listener's instances
   * @param tls the listener's TLS key material ({@link TlsReloader#load}), shared by its instances;
   *     null when the listener has no {@code tls} section
   */
  public TcpListenerVerticle(ListenerConfig config, String nodeId, int index, int port,
      ListenerStats stats, ListenerView view, Duration shutdownGrace, Admission admission, TlsReloader tls) {
    this(config, nodeId, index, port, stats, view, shutdownGrace, admission, tls, TcpConnection.QUIET_MILLIS);
  }

  /** As the public constructor, with connections quiet after {@code quietMillis} (tests shorten it). */
  TcpListenerVerticle(ListenerConfig config, String nodeId, int index, int port, ListenerStats stats,
      ListenerView view, Duration shutdownGrace, Admission admission, TlsReloader tls, long quietMillis) {
    this.quietMillis = quietMillis;
    this.config = Objects.requireNonNull(config, "config");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.index = index;
    this.port = port;
    this.stats = Objects.requireNonNull(stats, "stats");
    this.view = Objects.requireNonNull(view, "view");
    this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    this.admission = Objects.requireNonNull(admission, "admission");
    if ((config.tls() == null) != (tls == null)) {
      throw new IllegalArgumentException("listener " + config.name() + (tls == null
          ? ": has a tls section and no key material" : ": has key material and no tls section"));
    }
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    core = new ListenerCore(vertx, context, config, stats, view, "tcp", nodeId, index, '.');
    handshakeWarnings = new RateLimitedLog(log, 60_000, config.name());
    broadcastConsumer = vertx.eventBus().consumer(Envelope.broadcastAddress(config.name()), this::onBroadcast);
    if (config.proxyProtocol() != null) {
      trustedProxies = SourceFilter.only(config.proxyProtocol().trustedProxies());
    }
    return core.start(this)
        .compose(v -> broadcastConsumer.completion())
        .compose(v -> listen());
  }

  /** Binds (with the listener's TLS key material), then has the listener's reloader update this server too. */
  private Future<NetServer> listen() {
    server = vertx.createNetServer(OptionsMapper.netServerOptions(config, port, tls == null ? null : tls.keys()))
        .connectHandler(this::onConnect);
    if (tls != null || trustedProxies != null) {
      server.exceptionHandler(this::onAcceptFailure);
    }
    if (tls == null) {
      return server.listen();
    }
    return server.listen().onSuccess(tls::watch);
  }

  /**
   * The peer addresses of this instance's connections that hold a framer or reply slots now, asked
   * on its event loop (for tests: a quiet connection holds neither).
   */
  Future<Set<String>> holdingFramingState() {
    Promise<Set<String>> held = Promise.promise();
    context.runOnContext(v -> {
      Set<String> remotes = new HashSet<>();
      for (TcpConnection connection : connections.values()) {
        if (connection.holdsFramingState()) {
          remotes.add(connection.remote());
        }
      }
      held.complete(remotes);
    });
    return held.future();
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
    Future<Void> unwatched = tls == null || server == null ? Future.succeededFuture() : tls.unwatch(server);
    Future<Void> shutdown = server == null ? Future.succeededFuture() : server.shutdown(shutdownGrace);
    return shutdown.eventually(() -> Future.join(core == null ? Future.succeededFuture() : core.stop(),
        broadcastConsumer == null ? Future.succeededFuture() : broadcastConsumer.unregister(), unwatched));
  }

  private void onConnect(NetSocket socket) {
    // PROXY protocol: the header has been read (its source is socket.remoteAddress()); it counts
    // only if the connection's own peer is a trusted proxy
    if (trustedProxies != null && !trustedProxies.admits(socket.remoteAddress(true))) {
      stats.rejected(ListenerStats.Rejection.UNTRUSTED_PROXY).increment();
      String peer = Addresses.format(socket.remoteAddress(true));
      handshakeWarnings.warnFrom(peer, "listener {}: PROXY header from {}, which is not in trustedProxies; "
          + "connection closed (at most one warning a minute, every one counted)", config.name(), peer);
      socket.close();
      return;
    }
    if (!admission.admit(socket, core.warnings())) {
      return;
    }
    TcpConnection connection = new TcpConnection(core, socket, core.connectionId(Long.toString(nextConnection++)),
        this::closed);
    connections.put(connection.id, connection);
    stats.connectionsOpened.increment();
    connection.start();
  }

  /**
   * A connection Vert.x closed before handing it to {@link #onConnect}, without reporting the
   * peer's address: its PROXY header was malformed (or named a UDP or UNIX datagram source), or
   * its TLS handshake failed or timed out. The log names the failure, never the bytes the client
   * sent. On a plain listener every such failure is the header's (a reset included); on a TLS one
   * only Netty's header errors are, and an I/O error counts as the handshake's.
   */
  private void onAcceptFailure(Throwable e) {
    if (trustedProxies != null && (config.tls() == null || ProxyHeaderFailures.isHeaderFailure(e))) {
      onProxyHeaderFailure(e);
    } else {
      onHandshakeFailure(e);
    }
  }

  /**
   * A malformed PROXY header (or, on a plain listener, a reset before it was whole). A header that
   * never comes is closed by Vert.x at {@code proxyProtocolTimeout} without a word, so it is not
   * counted here.
   */
  private void onProxyHeaderFailure(Throwable e) {
    stats.rejected(ListenerStats.Rejection.PROXY_HEADER).increment();
    handshakeWarnings.warn("listener {}: bad PROXY protocol header, connection closed: {} (at most one warning "
        + "a minute, every one counted)", config.name(), ProxyHeaderFailures.describe(e));
  }

  /**
   * A TLS connection whose handshake failed or timed out (a plain-text client, a missing or
   * untrusted client certificate, no common protocol version).
   */
  private void onHandshakeFailure(Throwable e) {
    stats.rejected(ListenerStats.Rejection.TLS_HANDSHAKE).increment();
    handshakeWarnings.warn("listener {}: TLS handshake failed, connection closed: {} (at most one warning a "
        + "minute, every failure counted)", config.name(), HandshakeFailures.describe(e));
  }

  private void closed(TcpConnection connection, int waiting) {
    if (sweeping) {
      if (closedDuringSweep == null) {
        closedDuringSweep = new ArrayList<>();
      }
      closedDuringSweep.add(connection);
    } else {
      connections.remove(connection.id);
    }
    admission.release(connection.remoteAddress());
    stats.connectionsClosed.increment();
    if (waiting > 0) {
      tombstones.put(connection.id, new Tombstone(waiting, core.now()));
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

  @Override
  public ListenerCore.Match reply(String id, long seq, Object outcome) {
    TcpConnection connection = connections.get(id);
    if (connection != null) {
      return connection.reply(seq, outcome);
    }
    // a reply for a connection that is gone: expected (already counted) or not
    Tombstone tombstone = tombstones.get(id);
    if (tombstone != null) {
      if (--tombstone.remaining == 0) {
        tombstones.remove(id);
      }
      return ListenerCore.Match.MATCHED;
    }
    return isConnectionId(id) ? ListenerCore.Match.CLOSED : ListenerCore.Match.UNKNOWN;
  }

  /** This instance's connection ids end in a number: its connection counter. */
  private boolean isConnectionId(String id) {
    String suffix = core.connectionSuffix(id);
    return suffix != null && suffix.chars().allMatch(c -> c >= '0' && c <= '9') && suffix.length() < 19
        && Long.parseLong(suffix) < nextConnection;
  }

  @Override
  public ListenerCore.PushResult push(String id, Buffer framed) {
    if (!isConnectionId(id)) {
      return ListenerCore.PushResult.MALFORMED_ID;
    }
    TcpConnection connection = connections.get(id);
    return connection != null && connection.push(framed) ? ListenerCore.PushResult.WRITTEN
        : ListenerCore.PushResult.CLOSED;
  }

  /**
   * The oldest {@code limit}, picked with a heap of that size whose head is the youngest kept: no
   * copy or sort of the whole table, and only those few connections are described.
   */
  @Override
  public int connections(List<ListenerView.ConnectionInfo> into, int limit) {
    if (limit > 0) {
      PriorityQueue<TcpConnection> oldest = new PriorityQueue<>(Math.min(limit, connections.size()) + 1,
          TcpConnection.OLDEST_FIRST.reversed());
      for (TcpConnection connection : connections.values()) {
        if (oldest.size() < limit) {
          oldest.add(connection);
        } else if (TcpConnection.OLDEST_FIRST.compare(connection, oldest.peek()) < 0) {
          oldest.poll();
          oldest.add(connection);
        }
      }
      for (TcpConnection connection : oldest) {
        into.add(connection.info());
      }
    }
    return connections.size();
  }

  @Override
  public boolean closeConnection(String id) {
    TcpConnection connection = connections.get(id);
    if (connection == null) {
      return false;
    }
    log.info("listener {}: connection {} ({}) closed on request of the monitoring server", config.name(), id,
        connection.remote());
    connection.close("closed on request of the monitoring server");
    return true;
  }

  @Override
  public boolean waiting(String id, long seq) {
    TcpConnection connection = connections.get(id);
    return connection != null && connection.waiting(seq);
  }

  /**
   * One walk over the connections, with no copy of the table: each expires what it must (a time
   * limit may close it) and adds its frames in flight. A connection that closes during the walk
   * (its close handler runs later, from the event loop's queue, but need not) leaves the table
   * after it.
   */
  @Override
  public int expire(long deadline) {
    if (!tombstones.isEmpty()) {
      tombstones.values().removeIf(t -> t.stamp <= deadline);
    }
    if (connections.isEmpty()) {
      return 0;
    }
    int inFlight = 0;
    long quietBefore = core.now() - quietMillis;
    sweeping = true;
    try {
      for (TcpConnection connection : connections.values()) {
        connection.expire(deadline, quietBefore);
        inFlight += connection.inFlight();
      }
    } finally {
      sweeping = false;
    }
    if (closedDuringSweep != null) {
      for (TcpConnection connection : closedDuringSweep) {
        connections.remove(connection.id);
      }
      closedDuringSweep = null;
    }
    return inFlight;
  }

  /**
   * A message to the listener's broadcast address: written to every connection of this instance
   * but {@code fw.exclude}. Published, it reaches every instance on every node. Sent (point to
   * point, which the event bus gives to one instance only), it is published on from here, so that
   * it still reaches every connection, and its sender, if it asked, is answered once.
   */
  private void onBroadcast(Message<Object> message) {
    if (message.isSend()) {
      vertx.eventBus().publish(message.address(), message.body(),
          new DeliveryOptions().setHeaders(message.headers()));
      if (message.replyAddress() != null) {
        message.reply(null);
      }
      return;
    }
    if (connections.isEmpty()) {
      return;
    }
    Buffer framed = core.broadcastFrame(message.body());
    if (framed == null) {
      return;
    }
    String exclude = message.headers().get(Envelope.EXCLUDE);
    for (TcpConnection connection : connections.values()) {
      if (!connection.id.equals(exclude)) {
        if (connection.push(framed)) {
          stats.pushesOut.increment();
        } else {
          stats.undeliverable.increment();
        }
      }
    }
  }
}
