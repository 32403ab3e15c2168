package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Envelope;
import dev.framewire.api.Frame;
import io.vertx.core.Future;

/**
 * Writes every frame's body to the other connections of the listener it came from (a chat room):
 * it publishes to {@link Envelope#broadcastAddress(String)} with header {@code fw.exclude} naming
 * the sender's connection. A frame awaiting a reply is answered with {@code null} (nothing to
 * write), which releases the sender's place in its reply order.
 *
 * <p>Config keys:
 * <pre>
 *   address        event-bus address to consume                 required
 *   includeSender  also write the body back to the sender        false
 * </pre>
 */
public final class BroadcastHandler extends FrameHandlerVerticle {
  private boolean includeSender;

  @Override
  protected Future<?> setUp() {
    includeSender = config().getBoolean("includeSender", false);
    return Future.succeededFuture();
  }

  @Override
  protected void handle(Frame frame) {
    String listener = frame.listener();
    if (listener == null) {
      throw new IllegalArgumentException("frame has no " + Envelope.LISTENER + " header");
    }
    Frame.broadcast(vertx.eventBus(), listener, includeSender ? null : frame.connectionId(), frame.body());
    if (frame.expectsReply()) {
      frame.reply(null);
    }
  }
}
