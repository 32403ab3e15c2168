package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Frame;
import io.vertx.core.Future;

/**
 * Sends every frame's body back unchanged: as the reply for delivery {@code request}, as a push for
 * {@code send}/{@code publish}, so every byte comes back whatever the delivery.
 *
 * <p>Config keys (of the deployment config; {@link Handlers#deploy} fills them from the handler
 * config):
 * <pre>
 *   address  event-bus address to consume                       required
 *   delay    milliseconds to wait before answering (a timer,     0
 *            never blocking); 0 = answer at once
 * </pre>
 *
 * <p>This is the benchmark's per-frame path: no logging, no allocation beyond the event-bus send.
 */
public final class EchoHandler extends FrameHandlerVerticle {
  private long delay;

  @Override
  protected Future<?> setUp() {
    delay = config().getLong("delay", 0L);
    if (delay < 0) {
      return Future.failedFuture(new IllegalArgumentException("echo handler " + address()
          + ": delay must be >= 0 ms (was " + delay + ")"));
    }
    return Future.succeededFuture();
  }

  @Override
  protected void handle(Frame frame) {
    Object body = frame.body();
    if (delay == 0) {
      answer(frame, body);
    } else {
      vertx.setTimer(delay, id -> answer(frame, body));
    }
  }

  private static void answer(Frame frame, Object body) {
    if (frame.expectsReply()) {
      frame.reply(body);
    } else {
      frame.push(body);
    }
  }
}
