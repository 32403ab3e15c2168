package dev.framewire.bridge;

import dev.framewire.config.BridgeConfig;
import dev.framewire.config.PermittedAddress;
import dev.framewire.api.Envelope;
import dev.framewire.transport.OptionsMapper;
import dev.framewire.transport.RateLimitedLog;
import dev.framewire.transport.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's TCP event-bus bridge on the configured port, with {@link BridgeFrameGuard} in front of
 * its frame parser on every connection and only the configured addresses permitted.
 *
 * <p>The bridge creates its {@code NetServer} itself and keeps its connect handler private. It is
 * given a Vert.x whose {@code createNetServer} hands that server back here too, and the server's
 * connect handler is then wrapped: the guard goes into each connection's pipeline before the
 * bridge's handler runs, so no byte reaches the bridge's parser unchecked.
 */
public final class BridgeVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(BridgeVerticle.class);

  /** The bridge's connections, and so the consumers its peers register, are on this verticle's event loop. */
  private final RateLimitedLog discardWarnings = new RateLimitedLog(log, 1_000);

  private final BridgeConfig config;
  private final BridgeStats stats;
  private TcpEventBusBridge bridge;
  private NetServer server;

  public BridgeVerticle(BridgeConfig config, BridgeStats stats) {
    this.config = Objects.requireNonNull(config, "config");
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public Future<?> start() {
    NetServer[] created = new NetServer[1];
    NetServerOptions serverOptions = OptionsMapper.netServerOptions(config);
    bridge = TcpEventBusBridge.create(VertxInternals.forModule(vertx, s -> created[0] = s, this::onDiscarded),
        bridgeOptions(config), serverOptions, this::onBridgeEvent);
    server = Objects.requireNonNull(created[0], "the bridge created no server");
    Handler<NetSocket> bridgeHandler = server.connectHandler();
    server.connectHandler(socket -> {
      guard(socket);
      bridgeHandler.handle(socket);
    });
    return bridge.listen(config.port(), config.host());
  }

  /** The port the bridge is bound to. */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  static BridgeOptions bridgeOptions(BridgeConfig config) {
    BridgeOptions options = new BridgeOptions();
    config.inbound().forEach(p -> options.addInboundPermitted(permitted(p)));
    config.outbound().forEach(p -> options.addOutboundPermitted(permitted(p)));
    return options;
  }

  private static PermittedOptions permitted(PermittedAddress address) {
    return address.address() != null
        ? new PermittedOptions().setAddress(address.address())
        : new PermittedOptions().setAddressRegex(address.addressRegex());
  }

  private void guard(NetSocket socket) {
    String peer = String.valueOf(socket.remoteAddress());
    stats.connectionsOpened.increment();
    log.debug("bridge: {} connected", peer);
    boolean[] warned = {false};
    BridgePeerFrames peerFrames = new BridgePeerFrames(stats.framesOut);
    VertxInternals.handlerContext(socket).pipeline().addBefore("handler", BridgePeerFrames.NAME,
        peerFrames);
    VertxInternals.handlerContext(socket).pipeline().addBefore("handler", BridgeFrameGuard.NAME,
        new BridgeFrameGuard(config, (reason, closing) -> {
          if (closing) {
            stats.oversizeFrames.increment();
            log.warn("bridge: {} closed: {}", peer, reason);
          } else {
            stats.invalidFrames.increment();
            // one warning per connection; every refusal is counted
            if (!warned[0]) {
              warned[0] = true;
              log.warn("bridge: {} sent an {} (answered with an error frame; further ones on this connection "
                  + "are logged at DEBUG)", peer, reason);
            } else {
              log.debug("bridge: {} sent an {}", peer, reason);
            }
          }
        }, peerFrames));
    socket.setWriteQueueMaxSize(BridgeSlowPeerGuard.SLOW_PEER_BYTES);
    VertxInternals.handlerContext(socket).pipeline().addBefore("handler", BridgeSlowPeerGuard.NAME,
        new BridgeSlowPeerGuard(() -> {
          stats.slowPeersClosed.increment();
          log.warn("bridge: {} stopped reading; over {} bytes unsent, closing", peer, BridgeSlowPeerGuard.SLOW_PEER_BYTES);
        }));
    socket.closeHandler(v -> {
      stats.connectionsClosed.increment();
      log.debug("bridge: {} disconnected", peer);
      failUnanswered(peer, peerFrames.drain());
    });
  }

  /**
   * The frames a peer took and did not answer before its connection ended: each is failed now, in
   * its place in its connection's reply order, rather than after the listener's replyTimeout.
   */
  private void failUnanswered(String peer, List<BridgePeerFrames.Unanswered> frames) {
    if (frames.isEmpty()) {
      return;
    }
    stats.framesFailedOnDisconnect.add(frames.size());
    log.warn("bridge: {} disconnected with {} frame(s) unanswered; answering them {}", peer, frames.size(),
        Envelope.HANDLER_FAILURE);
    String reason = "the bridge peer handling it disconnected (" + peer + ")";
    for (BridgePeerFrames.Unanswered frame : frames) {
      answer(frame, reason);
    }
  }

  /** Fails {@code frame} with {@code HANDLER_FAILURE} and {@code reason}, in its place on its connection. */
  private void answer(BridgePeerFrames.Unanswered frame, String reason) {
    vertx.eventBus().send(frame.connectionAddress(), reason, new DeliveryOptions()
        .addHeader(Envelope.CONNECTION_ID, frame.connectionId())
        .addHeader(Envelope.SEQUENCE, frame.seq())
        .addHeader(Envelope.ERROR, Envelope.HANDLER_FAILURE));
  }

  /**
   * A message on its way to a peer's consumer when the bridge unregistered that consumer (the
   * peer's connection ended, or it unregistered): Vert.x drops it. When it is a frame awaiting a
   * reply it is failed now, as {@link #failUnanswered} fails the frames the peer had taken.
   */
  private void onDiscarded(Message<?> message) {
    BridgePeerFrames.Unanswered frame = BridgePeerFrames.Unanswered.of(message.headers());
    if (frame == null) {
      log.debug("bridge: a message to {} was dropped: its consumer was unregistered before taking it", message.address());
      return;
    }
    stats.framesFailedOnDisconnect.increment();
    discardWarnings.warn("bridge: a frame to {} was on its way to a peer that has gone; answering it {}",
        message.address(), Envelope.HANDLER_FAILURE);
    answer(frame, "the bridge peer handling it disconnected (before taking it)");
  }

  /**
   * Every bridge event is allowed (the permitted lists already filter); registrations are logged
   * once in place ({@code REGISTERED}: a refused {@code register} raises only {@code REGISTER}).
   */
  private void onBridgeEvent(BridgeEvent event) {
    if (event.type() == BridgeEventType.SEND || event.type() == BridgeEventType.PUBLISH) {
      stats.framesIn.increment();
    }
    if (event.type() == BridgeEventType.REGISTERED) {
      stats.registrations.increment();
      log.info("bridge: {} registered on {}", event.socket().remoteAddress(),
          event.getRawMessage() == null ? null : event.getRawMessage().getString("address"));
    }
    event.complete(true);
  }
}
