package dev.framewire.transport;

import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A frame that gets no normal reply: why, to be turned into the listener's {@code onError} action. */
record Failure(String code, String message) {

  /**
   * Why the event bus could not deliver a frame sent to {@code address}: nobody consumes the address
   * ({@code NO_HANDLER}); or the chosen handler's node cannot be reached ({@code UNREACHABLE}): on a
   * cluster, it died and the others have not yet dropped it, so its connection is refused or closed,
   * or its node record is already gone; or the consumer failed the request ({@code HANDLER_FAILURE}).
   * Not counted: the caller {@linkplain #countUndelivered counts} it once it knows the frame still
   * waited for it.
   */
  static Failure undelivered(Throwable cause, String address) {
    if (cause instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return new Failure(RequestFailure.NO_HANDLER.code, "no handler on " + address);
      }
      return new Failure(RequestFailure.HANDLER_FAILURE.code, String.valueOf(re.getMessage()));
    }
    String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return new Failure(RequestFailure.UNREACHABLE.code, "the node of the handler on " + address + " cannot be reached (" + why + ")");
  }

  /** Counts a failure made by {@link #undelivered} under its kind. */
  void countUndelivered(ListenerStats stats) {
    stats.requestFailures(RequestFailure.coded(code)).increment();
  }
}
