package dev.framewire.transport;

import dev.framewire.codec.BodyCodec;
import dev.framewire.codec.Codecs;
import dev.framewire.codec.DecodeException;
import dev.framewire.config.Delivery;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.OversizePolicy;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.FrameSink;
import dev.framewire.framing.Framer;
import dev.framewire.framing.FramingException;
import dev.framewire.framing.Framings;
import dev.framewire.route.Envelope;
import dev.framewire.route.FrameSender;
import dev.framewire.route.LocalEnvelope;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.SocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a UDP listener: a {@link DatagramSocket}, whose datagrams are framed (one frame
 * per datagram, or several split by a delimiter) and sent to the handlers. A reply goes back to the
 * datagram's sender as one datagram. The "connection" of a UDP frame is its sender: its
 * {@code fw.conn} names the sender's address, and pushes to it send datagrams there.
 *
 * <p>Several instances share one port only through SO_REUSEPORT (native transport); the kernel then
 * spreads senders over them. Replies are sent as they arrive: UDP keeps no order on the wire anyway.
 * A request that gets no reply in time gets an error datagram (per {@code onError}); when
 * {@code maxInFlight} requests already wait, new ones are answered {@code BUSY} rather than queued
 * without bound.
 *
 * <p>Confined to the instance's event loop.
 */
public final class UdpListenerVerticle extends VerticleBase implements FrameSink {
  private static final Logger log = LoggerFactory.getLogger(UdpListenerVerticle.class);

  private final ListenerConfig config;
  private final String nodeId;
  private final int index;
  private final int port;
  private final boolean reusePort;
  private final ListenerStats stats;

  private BodyCodec codec;
  private FrameEncoder encoder;
  private ErrorReplies errors;
  private Framer framer;
  private String connectionAddress;
  private String idPrefix;
  private DatagramSocket socket;
  private MessageConsumer<Object> consumer;
  private long tickTimer = -1;
  private long now;

  private SocketAddress sender;  // sender of the datagram being framed
  private String senderLabel;
  private long nextSeq;
  private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();

  private FrameSender frames;
  private String localLabel;

  private record Pending(String host, int port, long stamp) {}

  public UdpListenerVerticle(ListenerConfig config, String nodeId, int index, int port,
      boolean reusePort, ListenerStats stats) {
    this.config = Objects.requireNonNull(config, "config");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.index = index;
    this.port = port;
    this.reusePort = reusePort;
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public Future<?> start() {
    codec = Codecs.of(config.codec());
    encoder = Framings.encoder(config.framing());
    errors = new ErrorReplies(config, codec);
    framer = Framings.newFramer(config.framing(), config.onOversize(), this);
    connectionAddress = Envelope.connectionAddress(nodeId, config.name(), index);
    idPrefix = nodeId + "." + config.name() + "." + index + "/";
    frames = new FrameSender(vertx, config.address(), (frame, e) -> sendFailed(frame.seq(), e),
        config.remoteBatching());
    now = System.currentTimeMillis();
    tickTimer = vertx.setPeriodic(ReplyTimeouts.tickMillis(config), id -> tick());
    consumer = vertx.eventBus().consumer(connectionAddress, this::onConnectionMessage);
    socket = vertx.createDatagramSocket(OptionsMapper.datagramOptions(config, reusePort));
    socket.handler(this::onPacket);
    socket.exceptionHandler(e -> log.debug("listener {}: {}", config.name(), e.toString()));
    Future<?> bound = consumer.completion().compose(v -> socket.listen(port, config.host()))
        .onSuccess(s -> localLabel = Addresses.format(config.host(), actualPort()));
    if (config.multicastGroup() != null) {
      bound = bound.compose(s -> config.multicastInterface() == null
          ? socket.listenMulticastGroup(config.multicastGroup())
          : socket.listenMulticastGroup(config.multicastGroup(), config.multicastInterface(), null));
    }
    return bound;
  }

  public int actualPort() {
    return socket.localAddress().port();
  }

  @Override
  public Future<?> stop() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    Future<Void> closed = socket == null ? Future.succeededFuture() : socket.close();
    return closed.eventually(() -> consumer == null ? Future.succeededFuture() : consumer.unregister());
  }

  private void onPacket(DatagramPacket packet) {
    sender = packet.sender();
    senderLabel = Addresses.format(sender);
    framer.handle(packet.data());
    frames.flush();
  }

  @Override
  public void frame(Buffer frame, boolean truncated) {
    stats.framesIn.increment();
    String host = sender.hostAddress();
    int senderPort = sender.port();
    Object body;
    try {
      body = codec.decode(frame);
    } catch (DecodeException e) {
      stats.decodeErrors.increment();
      answerError(host, senderPort, new Failure(Envelope.DECODE, e.getMessage()));
      return;
    }
    if (config.delivery() == Delivery.REQUEST) {
      if (pending.size() >= config.maxInFlight()) {
        stats.busy.increment();
        answerError(host, senderPort, new Failure(Envelope.BUSY, config.maxInFlight() + " requests already wait for replies"));
        return;
      }
      long seq = nextSeq++;
      pending.put(seq, new Pending(host, senderPort, now));
      frames.submit(envelope(body, seq, truncated));
    } else if (config.delivery() == Delivery.SEND) {
      frames.submit(envelope(body, -1, truncated));
    } else {
      frames.publish(envelope(body, -1, truncated));
    }
  }

  private LocalEnvelope.LocalFrame envelope(Object body, long seq, boolean truncated) {
    return new LocalEnvelope.LocalFrame(body, config.name(), "udp", senderLabel, localLabel,
        idPrefix + senderLabel, connectionAddress, seq, truncated);
  }

  private void sendFailed(long seq, Throwable cause) {
    Pending p = pending.remove(seq);
    if (p == null) {
      return;
    }
    answerError(p.host, p.port, Failure.undelivered(cause, config.address(), stats));
  }

  @Override
  public void error(FramingException error, boolean fatal) {
    stats.oversized.increment();
    log.debug("listener {}: datagram from {}: {}", config.name(), senderLabel, error.getMessage());
    if (config.onOversize() != OversizePolicy.TRUNCATE) {
      answerError(sender.hostAddress(), sender.port(), new Failure(Envelope.OVERSIZE, error.getMessage()));
    }
  }

  /** Replies and pushes for this instance's senders: the light local form or body + headers. */
  private void onConnectionMessage(Message<Object> message) {
    if (message.body() instanceof LocalEnvelope.LocalReply reply) {
      answer(reply);
    } else if (message.body() instanceof LocalEnvelope.LocalReplies replies) {
      replies.replies().forEach(this::answer);
    } else {
      MultiMap headers = message.headers();
      PublicReply reply = PublicReply.of(message, stats);
      answer(headers.get(Envelope.CONNECTION_ID), headers.get(Envelope.SEQUENCE), reply.error(), reply.body());
    }
  }

  private void answer(LocalEnvelope.LocalReply reply) {
    answer(reply.connectionId(), reply.seq() >= 0 ? Long.toString(reply.seq()) : null, reply.error(), reply.body());
  }

  private void answer(String id, String seqText, String error, Object body) {
    String host;
    int targetPort;
    if (seqText != null) {
      Pending p;
      try {
        p = pending.remove(Long.parseLong(seqText));
      } catch (NumberFormatException e) {
        p = null;
      }
      if (p == null) {
        stats.lateReplies.increment();
        return;
      }
      host = p.host;
      targetPort = p.port;
    } else {
      // a push: the connection id names the sender
      if (id == null || !id.startsWith(idPrefix)) {
        stats.undeliverable.increment();
        return;
      }
      String address = id.substring(idPrefix.length());
      int colon = address.lastIndexOf(':');
      try {
        targetPort = Integer.parseInt(address.substring(colon + 1));
      } catch (RuntimeException e) {
        stats.undeliverable.increment();
        return;
      }
      host = address.substring(0, colon);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
    }
    if (error != null) {
      if (Envelope.HANDLER_FAILURE.equals(error)) {
        stats.handlerFailures.increment();
      }
      answerError(host, targetPort, new Failure(error, String.valueOf(body)));
      return;
    }
    if (body == null) {
      return;
    }
    try {
      write(host, targetPort, codec.encode(body));
      if (seqText != null) {
        stats.repliesOut.increment();
      } else {
        stats.pushesOut.increment();
      }
    } catch (IllegalArgumentException | FramingException e) {
      stats.badReplies.increment();
      answerError(host, targetPort, new Failure(Envelope.BAD_REPLY, e.getMessage()));
    }
  }

  private void write(String host, int targetPort, Buffer payload) {
    Buffer datagram = Buffer.buffer(payload.length() + 8);
    encoder.encode(payload, datagram);
    socket.send(datagram, targetPort, host)
        .onFailure(e -> log.debug("listener {}: send to {}:{} failed: {}", config.name(), host, targetPort, e.toString()));
  }

  private void answerError(String host, int targetPort, Failure failure) {
    switch (config.onError().action()) {
      case ERROR_FRAME -> {
        try {
          write(host, targetPort, errors.payload(failure));
          stats.errorFrames.increment();
        } catch (RuntimeException e) {
          stats.errorsDropped.increment();
        }
      }
      case CLOSE, DROP -> stats.errorsDropped.increment();  // a UDP sender has no connection to close
    }
  }

  private void tick() {
    now = System.currentTimeMillis();
    long deadline = ReplyTimeouts.deadline(config, now);
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (p.stamp > deadline) {
        break;  // insertion order = stamp order
      }
      it.remove();
      stats.timeouts.increment();
      answerError(p.host, p.port, new Failure(Envelope.TIMEOUT,
          "no reply within " + config.replyTimeout().toMillis() + " ms"));
    }
  }
}
