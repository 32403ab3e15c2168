package dev.framewire.transport;

import dev.framewire.route.Envelope;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.net.ConnectException;

/** A frame that gets no normal reply: why, to be turned into the listener's {@code onError} action. */
record Failure(String code, String message) {

  /**
   * Why the event bus could not deliver a frame sent to {@code address}, counted in {@code stats}:
   * nobody consumes the address, the node of the chosen handler cannot be reached (it died and the
   * cluster has not yet noticed), or another failure.
   */
  static Failure undelivered(Throwable cause, String address, ListenerStats stats) {
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      stats.noHandler.increment();
      return new Failure(Envelope.NO_HANDLER, "no handler on " + address);
    }
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        stats.unreachable.increment();
        return new Failure(Envelope.UNREACHABLE, "the node of the handler on " + address + " cannot be reached");
      }
    }
    stats.handlerFailures.increment();
    return new Failure(Envelope.HANDLER_FAILURE, String.valueOf(cause.getMessage()));
  }
}
