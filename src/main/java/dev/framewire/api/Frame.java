package dev.framewire.api;

import dev.framewire.route.FramewireEnvelope;
import dev.framewire.route.HandlerStats;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A handler's view of one frame received from a socket: its body, where it came from, and how to
 * answer it. Wraps the event-bus {@link Message}; see {@link Envelope} for the wire contract.
 *
 * <pre>{@code
 * Frame frame = Frame.of(vertx.eventBus(), message);
 * String line = frame.body();                      // listener codec "text"
 * frame.reply(line.toUpperCase());                 // written back in frame order
 * frame.push("also this, right now");              // written at once, no ordering
 * }</pre>
 *
 * <p>A frame sent with {@code delivery: request} expects exactly one {@link #reply} or
 * {@link #fail}; {@code reply(null)} means "nothing to write" and still releases the frame's place
 * in the connection's reply order. Frames sent with {@code send}/{@code publish} expect no reply
 * ({@link #reply} then does nothing).
 */
public final class Frame {
  private final EventBus eventBus;
  private final Message<?> message;
  /** Set when the frame came by the loop-local fast path (see {@link FramewireEnvelope}). */
  private final FramewireEnvelope.FrameItem local;
  /** Set while the batch this frame came in is being handled. */
  private final FramewireEnvelope.ReplyCollector collector;
  /** Set when the handler's stats are on: the frame's first answer is timed and counted. */
  private HandlerStats.Recorder recorder;
  private long receivedNanos;

  private Frame(EventBus eventBus, Message<?> message, FramewireEnvelope.FrameItem local,
      FramewireEnvelope.ReplyCollector collector) {
    this.eventBus = eventBus;
    this.message = message;
    this.local = local;
    this.collector = collector;
  }

  /** The frame a message carries (for a message that may carry several, see {@link #forEach}). */
  public static Frame of(EventBus eventBus, Message<?> message) {
    Objects.requireNonNull(eventBus, "eventBus");
    Objects.requireNonNull(message, "message");
    return new Frame(eventBus, message,
        message.body() instanceof FramewireEnvelope.FrameItem f ? f : null, null);
  }

  /**
   * Hands {@code action} every frame {@code message} carries, in order: one, or the frames of one
   * read burst on the loop-local fast path. Replies given during the call travel back together.
   */
  public static void forEach(EventBus eventBus, Message<?> message, Consumer<Frame> action) {
    if (message.body() instanceof FramewireEnvelope.FrameBatch batch) {
      FramewireEnvelope.ReplyCollector collector = new FramewireEnvelope.ReplyCollector();
      try {
        for (FramewireEnvelope.FrameItem frame : batch.frames()) {
          action.accept(new Frame(eventBus, message, frame, collector));
        }
      } finally {
        collector.close(eventBus);
      }
    } else {
      action.accept(of(eventBus, message));
    }
  }

  /** Records this frame: handled, having arrived at {@code receivedNanos}, timed until its first answer. */
  void record(HandlerStats.Recorder recorder, long receivedNanos) {
    this.recorder = recorder;
    this.receivedNanos = receivedNanos;
    recorder.received();
  }

  private void answered(boolean failed) {
    if (recorder != null) {
      recorder.answered(receivedNanos, failed);
      recorder = null;
    }
  }

  private void sendLocal(FramewireEnvelope.ReplyItem reply) {
    if (collector == null || !collector.offer(local.connectionAddress(), reply)) {
      FramewireEnvelope.send(eventBus, local.connectionAddress(), reply);
    }
  }

  /** The decoded body: {@code Buffer}, {@code String}, {@code JsonObject} or {@code JsonArray}. */
  @SuppressWarnings("unchecked")
  public <T> T body() {
    return (T) (local != null ? local.body() : message.body());
  }

  public String listener() {
    return local != null ? local.listener() : message.headers().get(Envelope.LISTENER);
  }

  public String protocol() {
    return local != null ? local.protocol() : message.headers().get(Envelope.PROTOCOL);
  }

  public String remote() {
    return local != null ? local.remote() : message.headers().get(Envelope.REMOTE);
  }

  public String local() {
    return local != null ? local.local() : message.headers().get(Envelope.LOCAL);
  }

  public String connectionId() {
    return local != null ? local.connectionId() : message.headers().get(Envelope.CONNECTION_ID);
  }

  public String connectionAddress() {
    return local != null ? local.connectionAddress() : message.headers().get(Envelope.CONNECTION_ADDRESS);
  }

  /**
   * The TLS client certificate of the connection this frame came from, or null (no TLS client
   * certificate: plain TCP, UDP, or a listener without {@code clientAuth}); see {@link ClientCertificate}.
   */
  public ClientCertificate clientCertificate() {
    return local != null ? local.client() : ClientCertificate.of(message.headers());
  }

  public boolean truncated() {
    return local != null ? local.truncated() : "true".equals(message.headers().get(Envelope.TRUNCATED));
  }

  /** Whether the listener waits for a reply to this frame. */
  public boolean expectsReply() {
    if (local != null) {
      return local.seq() >= 0;
    }
    return message.headers().contains(Envelope.SEQUENCE) || message.replyAddress() != null;
  }

  /** Answers this frame; {@code null} = nothing to write. Does nothing if no reply is expected. */
  public void reply(Object body) {
    answered(false);
    if (local != null) {
      if (local.seq() >= 0) {
        sendLocal(new FramewireEnvelope.ReplyItem(local.connectionId(), local.seq(), body, null));
      }
      return;
    }
    if (message.replyAddress() != null) {
      message.reply(body);
      return;
    }
    String seq = message.headers().get(Envelope.SEQUENCE);
    if (seq != null) {
      eventBus.send(connectionAddress(), body, replyOptions().addHeader(Envelope.SEQUENCE, seq));
    }
  }

  /** Fails this frame: the listener applies its {@code onError} action (an error frame by default). */
  public void fail(String code, String reason) {
    answered(true);
    if (local != null) {
      if (local.seq() >= 0) {
        sendLocal(new FramewireEnvelope.ReplyItem(local.connectionId(), local.seq(), reason, code));
      }
      return;
    }
    if (message.replyAddress() != null) {
      message.reply(reason, new DeliveryOptions().addHeader(Envelope.ERROR, code));
      return;
    }
    String seq = message.headers().get(Envelope.SEQUENCE);
    if (seq != null) {
      DeliveryOptions options = replyOptions();
      options.addHeader(Envelope.SEQUENCE, seq).addHeader(Envelope.ERROR, code);
      eventBus.send(connectionAddress(), reason, options);
    }
  }

  /** Writes {@code body} to this frame's connection (or UDP sender) now, outside the reply order. */
  public void push(Object body) {
    push(eventBus, connectionAddress(), connectionId(), body);
  }

  /** Writes {@code body} to the connection {@code connectionId} reachable at {@code connectionAddress}. */
  public static void push(EventBus eventBus, String connectionAddress, String connectionId, Object body) {
    Objects.requireNonNull(connectionAddress, "connectionAddress");
    Objects.requireNonNull(connectionId, "connectionId");
    eventBus.send(connectionAddress, body,
        new DeliveryOptions().setHeaders(MultiMap.caseInsensitiveMultiMap().add(Envelope.CONNECTION_ID, connectionId)));
  }

  /** Writes {@code body} to every connection of {@code listener} except {@code excludeConnectionId} (may be null). */
  public static void broadcast(EventBus eventBus, String listener, String excludeConnectionId, Object body) {
    DeliveryOptions options = new DeliveryOptions();
    if (excludeConnectionId != null) {
      options.addHeader(Envelope.EXCLUDE, excludeConnectionId);
    }
    eventBus.publish(Envelope.broadcastAddress(listener), body, options);
  }

  private DeliveryOptions replyOptions() {
    return new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, connectionId());
  }

  @Override
  public String toString() {
    return "Frame[" + listener() + " " + remote() + " conn=" + connectionId() + "]";
  }
}
