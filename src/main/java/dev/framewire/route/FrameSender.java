package dev.framewire.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageProducer;
import java.util.Objects;

/**
 * Puts a listener instance's frames on the event bus at its {@code address}.
 *
 * <p>When a handler instance listens on the calling event loop ({@link LoopAffinity}), the frame
 * goes to its loop-local address as the {@link LocalEnvelope.LocalFrame} object itself; otherwise
 * to the public address as the documented body with the {@link Envelope} headers. {@code publish}
 * always goes to the public address. The returned future fails with {@code NO_HANDLERS} when
 * nobody consumes the address.
 *
 * <p>Confined to one listener instance's event loop.
 */
public final class FrameSender {
  private final Vertx vertx;
  private final String address;
  private final LoopAffinity affinity;
  private int affinityVersion = Integer.MIN_VALUE;
  private MessageProducer<Object> producer;
  private boolean loopLocal;

  public FrameSender(Vertx vertx, String address) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.address = Objects.requireNonNull(address, "address");
    this.affinity = LoopAffinity.of(vertx);
  }

  /** Point-to-point to one handler. */
  public Future<Void> send(LocalEnvelope.LocalFrame frame) {
    int version = affinity.version();
    if (version != affinityVersion) {
      affinityVersion = version;
      String target = affinity.target(address);
      if (producer == null || !producer.address().equals(target)) {
        loopLocal = !target.equals(address);
        producer = loopLocal
            ? vertx.eventBus().sender(target, LocalEnvelope.FRAME_OPTIONS)
            : vertx.eventBus().sender(target);
      }
    }
    if (loopLocal) {
      return producer.write(frame);
    }
    return producer.deliveryOptions(headers(frame)).write(frame.body());
  }

  /** To every consumer of the address, on every node. */
  public void publish(LocalEnvelope.LocalFrame frame) {
    vertx.eventBus().publish(address, frame.body(), headers(frame));
  }

  /** A new header map per message: a clustered bus encodes it later, so it is never reused. */
  private static DeliveryOptions headers(LocalEnvelope.LocalFrame frame) {
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(Envelope.LISTENER, frame.listener())
        .addHeader(Envelope.PROTOCOL, frame.protocol())
        .addHeader(Envelope.REMOTE, frame.remote())
        .addHeader(Envelope.LOCAL, frame.local())
        .addHeader(Envelope.CONNECTION_ID, frame.connectionId())
        .addHeader(Envelope.CONNECTION_ADDRESS, frame.connectionAddress());
    if (frame.seq() >= 0) {
      options.addHeader(Envelope.SEQUENCE, Long.toString(frame.seq()));
    }
    if (frame.truncated()) {
      options.addHeader(Envelope.TRUNCATED, "true");
    }
    return options;
  }
}
