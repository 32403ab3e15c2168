package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line printed at stop, exactly, and how a frame the event bus could not deliver is counted
 * under its kind of request failure.
 */
class ListenerStatsTest {

  @Test
  void theLinePrintedAtStopNamesEveryCounter() {
    ListenerStats s = new ListenerStats();
    int n = 1;
    for (RequestFailure kind : RequestFailure.values()) {
      s.requestFailures(kind).add(n++);
    }
    s.rejected(ListenerStats.Rejection.DENIED).add(2);
    s.closedByLimit(ListenerStats.LimitClosure.IDLE_TIMEOUT).increment();
    s.datagramsRefused(ListenerStats.DatagramRefusal.RATE_LIMITED).add(3);
    s.pausedNanos.add(7_500_000);

    assertThat(s.toString()).isEqualTo("connections=0/0 framesIn=0 bytesIn=0 bytesOut=0 repliesOut=0 pushesOut=0"
        + " oversized=0 corrupt=0 decodeErrors=0 truncatedAtEnd=0"
        + " noHandler=1 unreachable=2 timeouts=3 handlerFailures=4 badReplies=5 busy=6"
        + " errorFrames=0 errorsDropped=0 lateReplies=0 unmatchedReplies=0 undeliverable=0 slowConsumersClosed=0"
        + " kernelDrops=0 rejected={denied=2} closedByLimit={idle_timeout=1} datagramsRefused={rate_limited=3}"
        + " tlsReloads=0 tlsReloadFailures=0 pausedMs=7");
    assertThat(s.requestFailuresTotal()).isEqualTo(1 + 2 + 3 + 4 + 5 + 6);
  }

  @Test
  void eachKindHasItsOwnMetricLabelFieldAndErrorCode() {
    assertThat(RequestFailure.values()).extracting(k -> k.label)
        .containsExactly("no_handler", "unreachable", "timeout", "handler_failure", "bad_reply", "busy");
    assertThat(RequestFailure.values()).extracting(k -> k.code)
        .containsExactly("NO_HANDLER", "UNREACHABLE", "TIMEOUT", "HANDLER_FAILURE", "BAD_REPLY", "BUSY");
    assertThat(RequestFailure.values()).extracting(k -> k.code).doesNotHaveDuplicates();
  }

  @Test
  void anUndeliveredFrameIsCountedOnceUnderItsKind() {
    ListenerStats s = new ListenerStats();
    Failure.Undelivered noHandler = Failure.undelivered(new ReplyException(ReplyFailure.NO_HANDLERS, "none"), "a.b");
    Failure.Undelivered failed = Failure.undelivered(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, "boom"), "a.b");
    Failure.Undelivered gone = Failure.undelivered(new ConnectException("refused"), "a.b");
    assertThat(noHandler.failure()).isEqualTo(new Failure("NO_HANDLER", "no handler on a.b"));
    assertThat(failed.failure()).isEqualTo(new Failure("HANDLER_FAILURE", "boom"));
    assertThat(gone.failure())
        .isEqualTo(new Failure("UNREACHABLE", "the node of the handler on a.b cannot be reached (refused)"));

    // counted as the listener counts them: under the kind each came with
    for (Failure.Undelivered u : List.of(noHandler, failed, failed, gone)) {
      s.requestFailures(u.kind()).increment();
    }
    assertThat(s.requestFailures(RequestFailure.NO_HANDLER).sum()).isEqualTo(1);
    assertThat(s.requestFailures(RequestFailure.HANDLER_FAILURE).sum()).isEqualTo(2);
    assertThat(s.requestFailures(RequestFailure.UNREACHABLE).sum()).isEqualTo(1);
    assertThat(s.requestFailuresTotal()).isEqualTo(4);
  }
}
