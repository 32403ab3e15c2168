package dev.framewire.transport;

import dev.framewire.api.Envelope;
import dev.framewire.route.FramewireEnvelope.ReplyBatch;
import dev.framewire.route.FramewireEnvelope.ReplyItem;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The one internal form of a reply or push, whichever shape it arrived in: Framewire's own
 * envelope ({@link ReplyItem}, {@link ReplyBatch}), a public message with {@link Envelope} headers
 * sent to a connection address, or a standard event-bus reply to a frame.
 *
 * @param seq the frame answered, or -1 for a push
 * @param error a failure code ({@code fw.error}), or null
 * @param problem why the message cannot be routed (a missing or malformed header), or null
 */
record Reply(String connectionId, long seq, String error, Object body, String problem) {

  /** Hands {@code sink} every reply {@code message} carries, in order. */
  static void forEach(Message<Object> message, ListenerStats stats, Consumer<Reply> sink) {
    Object body = message.body();
    if (body instanceof ReplyItem item) {
      sink.accept(of(item));
    } else if (body instanceof ReplyBatch batch) {
      for (ReplyItem item : batch.replies()) {
        sink.accept(of(item));
      }
    } else {
      sink.accept(addressed(message, stats));
    }
  }

  private static Reply of(ReplyItem item) {
    return new Reply(item.connectionId(), item.seq(), item.error(), item.body(), null);
  }

  /** A public message to a connection address: {@code fw.conn}, {@code fw.seq} say what it answers. */
  private static Reply addressed(Message<Object> message, ListenerStats stats) {
    MultiMap headers = message.headers();
    String id = headers.get(Envelope.CONNECTION_ID);
    String seqText = headers.get(Envelope.SEQUENCE);
    if (id == null) {
      return problem(Envelope.CONNECTION_ID + " header is missing: a reply or push names its connection "
          + "(copy " + Envelope.CONNECTION_ID + " from the frame)");
    }
    long seq = -1;
    if (seqText != null) {
      try {
        seq = Long.parseLong(seqText);
      } catch (NumberFormatException e) {
        seq = -1;
      }
      if (seq < 0) {
        return problem(Envelope.SEQUENCE + " " + seqText + " is not a sequence number (copy "
            + Envelope.SEQUENCE + " from the frame)");
      }
    }
    Reply content = of(message, stats);
    return new Reply(id, seq, content.error, content.body, null);
  }

  private static Reply problem(String problem) {
    return new Reply(null, -1, null, null, problem);
  }

  /**
   * The content of a reply message: its {@code fw.error}, and its body, decoded from base64 when
   * its {@code fw.encoding} header says so. A body that header declares wrongly becomes a
   * {@code BAD_REPLY} failure, counted.
   */
  static Reply of(Message<?> message, ListenerStats stats) {
    try {
      return new Reply(null, -1, message.headers().get(Envelope.ERROR), body(message), null);
    } catch (IllegalArgumentException e) {
      stats.requestFailures(RequestFailure.BAD_REPLY).increment();
      return new Reply(null, -1, Envelope.BAD_REPLY, e.getMessage(), null);
    }
  }

  /**
   * The body of a reply or push as the listener should encode it.
   *
   * @throws IllegalArgumentException when {@code fw.encoding} is not {@code base64}, or the body is
   *     not a base64 String
   */
  private static Object body(Message<?> message) {
    String encoding = message.headers().get(Envelope.ENCODING);
    Object body = message.body();
    if (encoding == null) {
      return body;
    }
    if (!Envelope.BASE64.equals(encoding)) {
      throw new IllegalArgumentException(Envelope.ENCODING + " must be " + Envelope.BASE64 + " (was " + encoding + ")");
    }
    if (!(body instanceof String text)) {
      throw new IllegalArgumentException(Envelope.ENCODING + " " + Envelope.BASE64 + " needs a String body");
    }
    try {
      return Buffer.buffer(Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/')));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("body is not base64: " + e.getMessage(), e);
    }
  }
}
