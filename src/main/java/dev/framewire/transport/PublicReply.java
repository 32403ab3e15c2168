package dev.framewire.transport;

import dev.framewire.route.Envelope;
import io.vertx.core.eventbus.Message;

/**
 * A reply or push as it arrives on the public path (body plus {@link Envelope} headers): its
 * failure code, if any, and the body to encode. A body that its {@code fw.encoding} header
 * declares wrongly becomes a {@code BAD_REPLY} failure, counted.
 */
record PublicReply(String error, Object body) {

  static PublicReply of(Message<?> message, ListenerStats stats) {
    try {
      return new PublicReply(message.headers().get(Envelope.ERROR), Envelope.replyBody(message));
    } catch (IllegalArgumentException e) {
      stats.badReplies.increment();
      return new PublicReply(Envelope.BAD_REPLY, e.getMessage());
    }
  }
}
