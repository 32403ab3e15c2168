package dev.framewire.transport;

import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A frame that gets no normal reply: why, to be turned into the listener's {@code onError} action. */
record Failure(String code, String message) {

  /** A frame the event bus could not deliver: the kind of request failure it counts as, and its answer. */
  record Undelivered(RequestFailure kind, Failure failure) {
    Undelivered(RequestFailure kind, String message) {
      this(kind, new Failure(kind.code, message));
    }
  }

  /**
   * Why the event bus could not deliver a frame sent to {@code address}: nobody consumes the address
   * ({@code NO_HANDLER}); or the chosen handler's node cannot be reached ({@code UNREACHABLE}): on a
   * cluster, it died and the others have not yet dropped it, so its connection is refused or closed,
   * or its node record is already gone; or the consumer failed the request ({@code HANDLER_FAILURE}).
   * Not counted: the caller counts it under its kind once it knows the frame still waited for it.
   */
  static Undelivered undelivered(Throwable cause, String address) {
    if (cause instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return new Undelivered(RequestFailure.NO_HANDLER, "no handler on " + address);
      }
      return new Undelivered(RequestFailure.HANDLER_FAILURE, String.valueOf(re.getMessage()));
    }
    String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return new Undelivered(RequestFailure.UNREACHABLE,
        "the node of the handler on " + address + " cannot be reached (" + why + ")");
  }
}
