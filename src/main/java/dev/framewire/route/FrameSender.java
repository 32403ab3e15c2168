package dev.framewire.route;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Envelope;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
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
 * {@link FramewireEnvelope.FrameBatch}. Otherwise each frame goes at once to the public address as the
 * documented body with the {@link Envelope} headers, unless the listener asked for remote
 * batching: then the frames of one read go as one message to {@link FramewireEnvelope#batchAddress}, where
 * only {@code FrameHandlerVerticle}s listen, on any node. {@link #publish} always goes to the public
 * address. On the public path a frame awaiting a reply is sent as a request, so that it carries a
 * reply address and any consumer (a plain Vert.x consumer, a bridge peer) answers it with the
 * standard {@code message.reply}; the answer, or why there is none, goes to {@link Outcomes}.
 *
 * <p>Confined to one listener instance's event loop.
 */
public final class FrameSender {
  /** Told how the delivery of a frame ended. */
  public interface Outcomes {
    /** The event bus could not deliver {@code frame} (no handler, unreachable node, ...). */
    void undelivered(FramewireEnvelope.FrameItem frame, Throwable cause);

    /** A consumer answered {@code frame}, sent on the public path, with the standard {@code message.reply}. */
    void replied(FramewireEnvelope.FrameItem frame, Message<Object> reply);
  }

  private final Vertx vertx;
  private final String address;
  private final LoopAffinity affinity;
  private final Outcomes outcomes;
  private final DeliveryOptions requestOptions;
  private int affinityVersion = Integer.MIN_VALUE;
  private MessageProducer<Object> producer;
  private final boolean remoteBatching;
  /** Frames are held and sent per read (loop-local or remote batching), not one by one. */
  private boolean batching;
  private ArrayList<FramewireEnvelope.FrameItem> held = new ArrayList<>();

  /**
   * @param remoteBatching when no handler instance listens on the calling event loop, send the
   *     frames of one read as one message to a Framewire handler on any node
   *     ({@link FramewireEnvelope#batchAddress}) instead of one message each to the public address
   * @param requestTimeoutMillis how long the event bus keeps the reply address of a frame sent as
   *     a request on the public path (longer than the listener's own reply timeout, which answers
   *     the frame first)
   */
  public FrameSender(Vertx vertx, String address, Outcomes outcomes, boolean remoteBatching,
      long requestTimeoutMillis) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.address = Objects.requireNonNull(address, "address");
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeoutMillis);
    this.affinity = LoopAffinity.of(vertx);
    this.remoteBatching = remoteBatching;
  }

  /** Point-to-point to one handler: sent now, or held until {@link #flush} on the loop-local path. */
  public void submit(FramewireEnvelope.FrameItem frame) {
    int version = affinity.version();
    if (version != affinityVersion) {
      flush();
      affinityVersion = version;
      String target = affinity.target(address);
      boolean loopLocal = !target.equals(address);
      if (!loopLocal && remoteBatching) {
        target = FramewireEnvelope.batchAddress(address);
      }
      if (producer == null || !producer.address().equals(target)) {
        batching = loopLocal || remoteBatching;
        producer = loopLocal ? vertx.eventBus().sender(target, FramewireEnvelope.FRAME_OPTIONS)
            : remoteBatching ? vertx.eventBus().sender(target, FramewireEnvelope.REMOTE_FRAME_OPTIONS)
            : vertx.eventBus().sender(target);
      }
    }
    if (batching) {
      held.add(frame);
    } else if (frame.seq() >= 0) {
      // a request: the frame carries a reply address, so any consumer answers it with message.reply
      vertx.eventBus().<Object>request(address, frame.body(), headers(new DeliveryOptions(requestOptions), frame))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              outcomes.replied(frame, ar.result());
            } else {
              outcomes.undelivered(frame, ar.cause());
            }
          });
    } else {
      producer.deliveryOptions(headers(new DeliveryOptions(), frame)).write(frame.body())
          .onFailure(e -> outcomes.undelivered(frame, e));
    }
  }

  /** Sends the frames held since the last flush as one message. */
  public void flush() {
    if (held.isEmpty()) {
      return;
    }
    if (held.size() == 1) {
      FramewireEnvelope.FrameItem frame = held.get(0);
      held.clear();
      producer.write(frame).onFailure(e -> outcomes.undelivered(frame, e));
      return;
    }
    List<FramewireEnvelope.FrameItem> batch = held;
    held = new ArrayList<>(batch.size());
    producer.write(new FramewireEnvelope.FrameBatch(batch)).onFailure(e -> {
      for (FramewireEnvelope.FrameItem frame : batch) {
        outcomes.undelivered(frame, e);
      }
    });
  }

  /** To every consumer of the address, on every node. */
  public void publish(FramewireEnvelope.FrameItem frame) {
    vertx.eventBus().publish(address, frame.body(), headers(new DeliveryOptions(), frame));
  }

  /** Into new options per message: a clustered bus encodes them later, so they are never reused. */
  private static DeliveryOptions headers(DeliveryOptions options, FramewireEnvelope.FrameItem frame) {
    options
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
