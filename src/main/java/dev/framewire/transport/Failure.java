package dev.framewire.transport;

import dev.framewire.api.Envelope;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A frame that gets no normal reply: why, to be turned into the listener's {@code onError} action. */
record Failure(String code, String message) {

  /**
   * Why the event bus could not deliver a frame sent to {@code address}, counted in {@code stats}:
   * nobody consumes the address ({@code NO_HANDLER}); or the chosen handler's node cannot be
   * reached ({@code UNREACHABLE}): on a cluster, it died and the others have not yet dropped it, so
   * its connection is refused or closed, or its node record is already gone. A handler's own
   * failure is never a delivery failure: it comes back as a reply with {@code fw.error}.
   */
  static Failure undelivered(Throwable cause, String address, ListenerStats stats) {
    if (cause instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        stats.noHandler.increment();
        return new Failure(Envelope.NO_HANDLER, "no handler on " + address);
      }
      stats.handlerFailures.increment();
      return new Failure(Envelope.HANDLER_FAILURE, String.valueOf(re.getMessage()));
    }
    stats.unreachable.increment();
    String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return new Failure(Envelope.UNREACHABLE, "the node of the handler on " + address + " cannot be reached (" + why + ")");
  }
}
