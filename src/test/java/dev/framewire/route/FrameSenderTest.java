package dev.framewire.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Envelope;
import dev.framewire.route.FramewireEnvelope.FrameBatch;
import dev.framewire.route.FramewireEnvelope.FrameItem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sender: which path a frame takes (public request, public send, publish, loop-local batch)
 * and what it reports back ({@link FrameSender.Outcomes}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class FrameSenderTest {

  /** Outcomes as they were reported, in order: "replied seq body" or "undelivered seq failureType". */
  private static final class Recorded implements FrameSender.Outcomes {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void undelivered(FrameItem frame, Throwable cause) {
      events.add("undelivered " + frame.seq() + " "
          + (cause instanceof ReplyException re ? re.failureType() : cause.getClass().getSimpleName()));
    }

    @Override
    public void replied(FrameItem frame, Message<Object> reply) {
      events.add("replied " + frame.seq() + " " + reply.body());
    }

    /** Sequence numbers answered (by the test, standing in for the listener). */
    final Set<Long> answered = ConcurrentHashMap.newKeySet();

    @Override
    public boolean waiting(FrameItem frame) {
      return !answered.contains(frame.seq());
    }
  }

  private static FrameItem frame(Object body, long seq) {
    return new FrameItem(body, "lines", "tcp", "127.0.0.1:5000", "127.0.0.1:7000", "n.lines.0.3",
        "framewire.conn.n.lines.0", seq, false);
  }

  /** Runs {@code action} on an event-loop context of its own and waits for it. */
  private static void onLoop(Vertx vertx, Context context, Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.join();
  }

  @Test
  void aRequestOnThePublicPathCarriesTheHeadersAndAReplyAddress(Vertx vertx) {
    List<Message<Object>> seen = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer("t.public", m -> {
      seen.add(m);
      m.reply("re " + m.body());
    }).completion().await();
    Recorded outcomes = new Recorded();
    Context context = vertx.getOrCreateContext();
    onLoop(vertx, context, () -> {
      FrameSender sender = new FrameSender(vertx, Vertx.currentContext(), "t.public", outcomes, false, 5_000);
      sender.submit(frame("a", 7));
      sender.submit(frame("b", -1));  // delivery send: no reply expected
      sender.flush();
    });
    dev.framewire.testutil.Eventually.await(vertx, () -> outcomes.events.size() == 1 && seen.size() == 2);
    assertThat(outcomes.events).containsExactly("replied 7 re a");
    Message<Object> request = seen.stream().filter(m -> m.body().equals("a")).findFirst().orElseThrow();
    assertThat(request.replyAddress()).isNotNull();
    assertThat(request.isSend()).isTrue();
    assertThat(request.headers().get(Envelope.LISTENER)).isEqualTo("lines");
    assertThat(request.headers().get(Envelope.PROTOCOL)).isEqualTo("tcp");
    assertThat(request.headers().get(Envelope.REMOTE)).isEqualTo("127.0.0.1:5000");
    assertThat(request.headers().get(Envelope.LOCAL)).isEqualTo("127.0.0.1:7000");
    assertThat(request.headers().get(Envelope.CONNECTION_ID)).isEqualTo("n.lines.0.3");
    assertThat(request.headers().get(Envelope.CONNECTION_ADDRESS)).isEqualTo("framewire.conn.n.lines.0");
    assertThat(request.headers().get(Envelope.SEQUENCE)).isEqualTo("7");
    assertThat(request.headers().contains(Envelope.TRUNCATED)).isFalse();
    Message<Object> send = seen.stream().filter(m -> m.body().equals("b")).findFirst().orElseThrow();
    assertThat(send.replyAddress()).isNull();
    assertThat(send.headers().contains(Envelope.SEQUENCE)).isFalse();
  }

  @Test
  void aFrameNobodyConsumesIsReportedUndelivered(Vertx vertx) {
    Recorded outcomes = new Recorded();
    onLoop(vertx, vertx.getOrCreateContext(), () -> {
      FrameSender sender = new FrameSender(vertx, Vertx.currentContext(), "t.nobody", outcomes, false, 5_000);
      sender.submit(frame("a", 0));
      sender.submit(frame("b", -1));
    });
    dev.framewire.testutil.Eventually.await(vertx, () -> outcomes.events.size() == 2);
    assertThat(outcomes.events).containsExactlyInAnyOrder(
        "undelivered 0 " + ReplyFailure.NO_HANDLERS, "undelivered -1 " + ReplyFailure.NO_HANDLERS);
  }

  @Test
  void aFailedRequestIsReportedWithItsFailure(Vertx vertx) {
    vertx.eventBus().consumer("t.failing", m -> m.fail(500, "no")).completion().await();
    Recorded outcomes = new Recorded();
    onLoop(vertx, vertx.getOrCreateContext(), () ->
        new FrameSender(vertx, Vertx.currentContext(), "t.failing", outcomes, false, 5_000).submit(frame("a", 3)));
    dev.framewire.testutil.Eventually.await(vertx, () -> outcomes.events.size() == 1);
    assertThat(outcomes.events).containsExactly("undelivered 3 " + ReplyFailure.RECIPIENT_FAILURE);
  }

  @Test
  void onTheLoopLocalPathTheFramesOfOneReadTravelAsOneBatch(Vertx vertx) {
    String address = "t.local";
    List<Object> bodies = new CopyOnWriteArrayList<>();
    Context context = vertx.getOrCreateContext();
    // a handler instance registered on this loop, as FrameHandlerVerticle does
    onLoop(vertx, context, () -> {
      vertx.eventBus().localConsumer(LoopAffinity.loopAddress(address), m -> bodies.add(m.body()));
      LoopAffinity.of(vertx).register(address);
    });
    Recorded outcomes = new Recorded();
    onLoop(vertx, context, () -> {
      FrameSender sender = new FrameSender(vertx, Vertx.currentContext(), address, outcomes, false, 5_000);
      sender.submit(frame("a", 0));
      sender.submit(frame("b", 1));
      sender.submit(frame("c", 2));
      sender.flush();  // one read's worth
      sender.submit(frame("d", 3));
      sender.flush();
    });
    dev.framewire.testutil.Eventually.await(vertx, () -> bodies.size() == 2);
    assertThat(bodies.get(0)).isInstanceOf(FrameBatch.class);
    List<Object> first = new ArrayList<>();
    ((FrameBatch) bodies.get(0)).frames().forEach(f -> first.add(f.body()));
    assertThat(first).containsExactly("a", "b", "c");
    assertThat(bodies.get(1)).isInstanceOfSatisfying(FrameItem.class, f -> assertThat(f.body()).isEqualTo("d"));
    assertThat(outcomes.events).isEmpty();
  }

  /** What the cluster manager would tell {@code vertx}: Framewire handlers of {@code address} on {@code nodes}. */
  private static void registrations(Vertx vertx, String address, List<String> framewire, List<String> all) {
    HandlerNodes nodes = HandlerNodes.of(vertx);
    nodes.route(address);  // watched from now on
    List<RegistrationInfo> marks = new ArrayList<>();
    framewire.forEach(n -> marks.add(new RegistrationInfo(n, marks.size(), false)));
    List<RegistrationInfo> consumers = new ArrayList<>();
    all.forEach(n -> consumers.add(new RegistrationInfo(n, consumers.size(), false)));
    nodes.registrationsUpdated(new RegistrationUpdateEvent(FramewireEnvelope.markAddress(address), marks));
    nodes.registrationsUpdated(new RegistrationUpdateEvent(address, consumers));
  }

  /** Records, per node address, the bodies of the frames each message carried. */
  private static Map<String, List<List<Object>>> nodeConsumers(Vertx vertx, String address, String... nodes) {
    LoopAffinity.of(vertx);  // registers Framewire's envelope codecs
    Map<String, List<List<Object>>> seen = new ConcurrentHashMap<>();
    for (String node : nodes) {
      List<List<Object>> messages = new CopyOnWriteArrayList<>();
      seen.put(node, messages);
      vertx.eventBus().consumer(FramewireEnvelope.nodeAddress(address, node), m -> messages.add(
          m.body() instanceof FrameBatch b ? b.frames().stream().map(FrameItem::body).toList()
              : List.of(((FrameItem) m.body()).body()))).completion().await();
    }
    return seen;
  }

  @Test
  void whenOnlyFramewireHandlersServeTheAddressAReadGoesAsOneMessageToTheNodeWithFewestFramesOut(Vertx vertx) {
    Map<String, List<List<Object>>> seen = nodeConsumers(vertx, "t.nodes", "n1", "n2");
    registrations(vertx, "t.nodes", List.of("n1", "n2"), List.of("n1", "n2"));
    Recorded outcomes = new Recorded();
    Context context = vertx.getOrCreateContext();
    FrameSender[] sender = new FrameSender[1];
    onLoop(vertx, context, () -> {
      sender[0] = new FrameSender(vertx, Vertx.currentContext(), "t.nodes", outcomes, false, 5_000);
      sender[0].submit(frame("a", 0));
      sender[0].flush();
      sender[0].submit(frame("b", 1));
      sender[0].flush();  // reads of one turn of the event loop: one node, as one message
    });
    onLoop(vertx, context, () -> {
      sender[0].submit(frame("c", 2));
      sender[0].flush();  // the other node has nothing out
    });
    dev.framewire.testutil.Eventually.await(vertx, () -> seen.get("n1").size() + seen.get("n2").size() == 2);
    List<List<Object>> all = new ArrayList<>(seen.get("n1"));
    all.addAll(seen.get("n2"));
    assertThat(all).containsExactlyInAnyOrder(List.of("a", "b"), List.of("c"));
    assertThat(seen.get("n1")).hasSize(1);
    assertThat(seen.get("n2")).hasSize(1);
    String slow = seen.get("n1").get(0).size() == 2 ? "n1" : "n2";
    String fast = slow.equals("n1") ? "n2" : "n1";
    // the node that answered "c" keeps up; the one holding "a" and "b" does not: it gets nothing more
    outcomes.answered.add(2L);
    for (int i = 3; i < 6; i++) {
      int seq = i;
      onLoop(vertx, context, () -> {
        sender[0].submit(frame("f" + seq, seq));
        sender[0].flush();
      });
      dev.framewire.testutil.Eventually.await(vertx, () -> seen.get(fast).size() == seq - 1);
      outcomes.answered.add((long) seq);
    }
    dev.framewire.testutil.Eventually.await(vertx, () -> seen.get(fast).size() == 4);
    assertThat(seen.get(slow)).hasSize(1);
    assertThat(outcomes.events).isEmpty();
  }

  @Test
  void framesOutOnANodeThatLeavesAreAnsweredAtOnceAndNewOnesGoToTheOthers(Vertx vertx) {
    Map<String, List<List<Object>>> seen = nodeConsumers(vertx, "t.gone", "n1", "n2");
    registrations(vertx, "t.gone", List.of("n1", "n2"), List.of("n1", "n2"));
    Recorded outcomes = new Recorded();
    Context context = vertx.getOrCreateContext();
    FrameSender[] sender = new FrameSender[1];
    onLoop(vertx, context, () -> {
      sender[0] = new FrameSender(vertx, Vertx.currentContext(), "t.gone", outcomes, false, 5_000);
      sender[0].submit(frame("a", 0));
      sender[0].submit(frame("b", 1));
      sender[0].flush();
    });
    onLoop(vertx, context, () -> {
      sender[0].submit(frame("c", 2));
      sender[0].flush();
    });
    dev.framewire.testutil.Eventually.await(vertx, () -> seen.get("n1").size() + seen.get("n2").size() == 2);
    String victim = seen.get("n1").isEmpty() || seen.get("n1").get(0).size() != 2 ? "n2" : "n1";
    String other = victim.equals("n1") ? "n2" : "n1";
    outcomes.answered.add(1L);  // "b" was answered before its node went: it is not answered again
    HandlerNodes.of(vertx).nodeLeft(victim);
    dev.framewire.testutil.Eventually.await(vertx, () -> outcomes.events.size() == 1);
    assertThat(outcomes.events).containsExactly("undelivered 0 IllegalStateException");
    for (int i = 3; i < 5; i++) {
      int seq = i;
      onLoop(vertx, context, () -> {
        sender[0].submit(frame("f" + seq, seq));
        sender[0].flush();
      });
    }
    dev.framewire.testutil.Eventually.await(vertx, () -> seen.get(other).size() == 3);
    assertThat(seen.get(victim)).hasSize(1);
    assertThat(outcomes.events).hasSize(1);
  }

  @Test
  void aConsumerThatIsNoFramewireHandlerKeepsThePublicPathUnlessBatchingIsForced(Vertx vertx) {
    Map<String, List<List<Object>>> seen = nodeConsumers(vertx, "t.mixed", "n1");
    List<Object> plain = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer("t.mixed", m -> plain.add(m.body())).completion().await();
    // n1 has a Framewire handler and one more consumer: a bridge peer, say
    registrations(vertx, "t.mixed", List.of("n1"), List.of("n1", "n1"));
    onLoop(vertx, vertx.getOrCreateContext(), () -> {
      FrameSender sender = new FrameSender(vertx, Vertx.currentContext(), "t.mixed", new Recorded(), false, 5_000);
      sender.submit(frame("a", -1));
      sender.flush();
      FrameSender forced = new FrameSender(vertx, Vertx.currentContext(), "t.mixed", new Recorded(), true, 5_000);
      forced.submit(frame("b", -1));
      forced.flush();
    });
    dev.framewire.testutil.Eventually.await(vertx, () -> plain.size() == 1 && seen.get("n1").size() == 1);
    assertThat(plain).containsExactly("a");
    assertThat(seen.get("n1")).containsExactly(List.of("b"));
  }

  @Test
  void publishReachesEveryConsumerWithTheHeaders(Vertx vertx) {
    List<String> seen = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer("t.pub", m -> seen.add("1 " + m.body() + " " + m.headers().get(Envelope.CONNECTION_ID)))
        .completion().await();
    vertx.eventBus().consumer("t.pub", m -> seen.add("2 " + m.body() + " " + m.headers().get(Envelope.CONNECTION_ID)))
        .completion().await();
    onLoop(vertx, vertx.getOrCreateContext(), () ->
        new FrameSender(vertx, Vertx.currentContext(), "t.pub", new Recorded(), false, 5_000).publish(frame("x", -1)));
    dev.framewire.testutil.Eventually.await(vertx, () -> seen.size() == 2);
    assertThat(seen).containsExactlyInAnyOrder("1 x n.lines.0.3", "2 x n.lines.0.3");
  }
}
