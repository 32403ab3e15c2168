package dev.framewire.route;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts a listener instance's frames on the event bus at its {@code address}.
 *
 * <p>When a handler instance listens on the calling event loop ({@link LoopAffinity}), frames go
 * to its loop-local address in the light envelope: {@link #submit} holds them and {@link #flush}
 * (called by the listener at the end of each read) sends what one turn of the loop read as one
 * {@link LocalEnvelope.LocalBatch}. Otherwise each frame goes at once to the public address as the
 * documented body with the {@link Envelope} headers, unless the listener asked for remote
 * batching: then the frames of one read go as one message to {@link Envelope#batchAddress}, where
 * only {@code FrameHandlerVerticle}s listen, on any node. {@link #publish} always goes to the public
 * address. A frame nobody consumes is handed to the {@link Undelivered} callback.
 *
 * <p>Confined to one listener instance's event loop.
 */
public final class FrameSender {
  /** Told about frames the event bus could not deliver (no handler, ...). */
  public interface Undelivered {
    void undelivered(LocalEnvelope.LocalFrame frame, Throwable cause);
  }

  private final Vertx vertx;
  private final String address;
  private final LoopAffinity affinity;
  private final Undelivered undelivered;
  private int affinityVersion = Integer.MIN_VALUE;
  private MessageProducer<Object> producer;
  private final boolean remoteBatching;
  /** Frames are held and sent per read (loop-local or remote batching), not one by one. */
  private boolean batching;
  private ArrayList<LocalEnvelope.LocalFrame> held = new ArrayList<>();

  public FrameSender(Vertx vertx, String address, Undelivered undelivered) {
    this(vertx, address, undelivered, false);
  }

  /**
   * @param remoteBatching when no handler instance listens on the calling event loop, send the
   *     frames of one read as one message to a Framewire handler on any node
   *     ({@link Envelope#batchAddress}) instead of one message each to the public address
   */
  public FrameSender(Vertx vertx, String address, Undelivered undelivered, boolean remoteBatching) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.address = Objects.requireNonNull(address, "address");
    this.undelivered = Objects.requireNonNull(undelivered, "undelivered");
    this.affinity = LoopAffinity.of(vertx);
    this.remoteBatching = remoteBatching;
  }

  /** Point-to-point to one handler: sent now, or held until {@link #flush} on the loop-local path. */
  public void submit(LocalEnvelope.LocalFrame frame) {
    int version = affinity.version();
    if (version != affinityVersion) {
      flush();
      affinityVersion = version;
      String target = affinity.target(address);
      boolean loopLocal = !target.equals(address);
      if (!loopLocal && remoteBatching) {
        target = Envelope.batchAddress(address);
      }
      if (producer == null || !producer.address().equals(target)) {
        batching = loopLocal || remoteBatching;
        producer = loopLocal ? vertx.eventBus().sender(target, LocalEnvelope.FRAME_OPTIONS)
            : remoteBatching ? vertx.eventBus().sender(target, LocalEnvelope.REMOTE_FRAME_OPTIONS)
            : vertx.eventBus().sender(target);
      }
    }
    if (batching) {
      held.add(frame);
    } else {
      producer.deliveryOptions(headers(frame)).write(frame.body())
          .onFailure(e -> undelivered.undelivered(frame, e));
    }
  }

  /** Sends the frames held since the last flush as one message. */
  public void flush() {
    if (held.isEmpty()) {
      return;
    }
    if (held.size() == 1) {
      LocalEnvelope.LocalFrame frame = held.get(0);
      held.clear();
      producer.write(frame).onFailure(e -> undelivered.undelivered(frame, e));
      return;
    }
    List<LocalEnvelope.LocalFrame> batch = held;
    held = new ArrayList<>(batch.size());
    producer.write(new LocalEnvelope.LocalBatch(batch)).onFailure(e -> {
      for (LocalEnvelope.LocalFrame frame : batch) {
        undelivered.undelivered(frame, e);
      }
    });
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
