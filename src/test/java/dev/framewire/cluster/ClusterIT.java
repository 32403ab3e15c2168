package dev.framewire.cluster;

import dev.framewire.route.FramewireEnvelope;
import dev.framewire.route.HandlerNodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Envelope;
import dev.framewire.api.Frame;
import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.cli.Deployer;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ConfigLoader;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.LoopbackCluster;
import dev.framewire.testutil.Ports;
import dev.framewire.testutil.RandomDelayEcho;
import dev.framewire.testutil.TcpClient;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered nodes in one JVM (Hazelcast on loopback): node A runs the listeners, node B the
 * handlers, unless a test says otherwise. What the core promises on one node must hold across
 * them: ordered replies, pushes, broadcast, a closed connection's address, and no cluster
 * registration per connection. {@link ClusterTlsIT} runs them all again with TLS between the nodes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterIT {
  static Vertx a;
  static Vertx b;
  static CountingClusterManager managerA;
  static CountingClusterManager managerB;
  /** Node A's Hazelcast member port, which every node lists to join. */
  static int seed;
  private final List<Gateway> gateways = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    startCluster(UnaryOperator.identity(), UnaryOperator.identity());
  }

  /** Starts nodes A and B, their cluster settings passed through {@code onA} and {@code onB}. */
  static void startCluster(UnaryOperator<ClusterConfig> onA, UnaryOperator<ClusterConfig> onB) throws Exception {
    seed = Ports.freePort();
    ClusterConfig first = onA.apply(node(seed, seed));
    ClusterConfig second = onB.apply(node(Ports.freePort(), seed));
    managerA = ClusterNode.manager(first);
    managerB = ClusterNode.manager(second);
    a = ClusterNode.start(Deployer.vertxOptions(ConfigLoader.parse(minimal())), first, managerA).await(60, TimeUnit.SECONDS);
    b = ClusterNode.start(Deployer.vertxOptions(ConfigLoader.parse(minimal())), second, managerB).await(60, TimeUnit.SECONDS);
    Eventually.await(a, () -> managerA.getNodes().size() == 2, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (b != null) {
      b.close().await(30, TimeUnit.SECONDS);
    }
    if (a != null) {
      a.close().await(30, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stopGateways() throws Exception {
    for (Gateway gateway : gateways) {
      gateway.stop().await(30, TimeUnit.SECONDS);
    }
  }

  static ClusterConfig node(int port, int seed) {
    return LoopbackCluster.node("framewire-it-", port, seed);
  }

  static JsonObject minimal() {
    return new JsonObject().put("eventLoops", 2)
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "unused")));
  }

  static JsonObject lines(String name, String address) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", address);
  }

  Gateway gateway(Vertx vertx, JsonArray listeners, JsonArray handlers) throws Exception {
    JsonObject config = new JsonObject().put("listeners", listeners).put("handlers", handlers);
    Gateway gateway = Gateway.start(vertx, config).await(60, TimeUnit.SECONDS);
    gateways.add(gateway);
    return gateway;
  }

  /** 1,000 lines pipelined on one connection, each echoed, in order. */
  private static void pipelineThousandLines(int port) {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      all.append("frame-").append(i).append('\n');
    }
    try (TcpClient client = new TcpClient(port)) {
      client.write(all.toString());
      for (int i = 0; i < 1000; i++) {
        assertThat(client.readLine()).isEqualTo("frame-" + i);
      }
    }
  }

  @Test
  void pipelinedFramesReceivedOnOneNodeAreAnsweredInOrderByHandlersOnAnother() throws Exception {
    JsonObject handler = new JsonObject().put("type", "verticle").put("address", "it.ordered")
        .put("className", RandomDelayEcho.class.getName()).put("instances", 4)
        .put("config", new JsonObject().put("maxDelayMs", 4));
    gateway(b, new JsonArray(), new JsonArray().add(handler));
    Gateway edge = gateway(a, new JsonArray().add(lines("edge", "it.ordered")), new JsonArray());

    pipelineThousandLines(edge.port("edge"));
    assertThat(edge.stats("edge").repliesOut.sum()).isEqualTo(1000);
    assertThat(edge.stats("edge").requestFailures(RequestFailure.NO_HANDLER).sum()).isZero();
  }

  /** Echoes, but fails frame "boom" by throwing. */
  public static final class EchoUnlessBoom extends FrameHandlerVerticle {
    @Override
    protected void handle(Frame frame) {
      if ("boom".equals(frame.body())) {
        throw new IllegalStateException("asked to fail");
      }
      frame.reply(frame.body());
    }
  }

  @Test
  void byDefaultTheFramesOfAReadCrossToAHandlerNodeAsOneMessageAndComeBackInOrder() throws Exception {
    JsonObject ordered = new JsonObject().put("type", "verticle").put("address", "it.batched")
        .put("className", RandomDelayEcho.class.getName()).put("instances", 4)
        .put("config", new JsonObject().put("maxDelayMs", 4));
    JsonObject failing = new JsonObject().put("type", "verticle").put("address", "it.batched-boom")
        .put("className", EchoUnlessBoom.class.getName());
    gateway(b, new JsonArray(), new JsonArray().add(ordered).add(failing));
    Gateway edge = gateway(a, new JsonArray()
        .add(lines("edge", "it.batched"))
        .add(lines("boom", "it.batched-boom")), new JsonArray());
    // A learns from the cluster's registrations that only Framewire handlers on B serve the addresses
    awaitBatchable(a, "it.batched", 1);
    awaitBatchable(a, "it.batched-boom", 1);
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger publicFrames = new AtomicInteger();
    b.eventBus().addInboundInterceptor(delivery -> {
      String address = delivery.message().address();
      if (address.equals(FramewireEnvelope.nodeAddress("it.batched", managerB.getNodeId()))) {
        batches.incrementAndGet();
      } else if (address.equals("it.batched")) {
        publicFrames.incrementAndGet();
      }
      delivery.next();
    });

    // 25 bursts of 40 lines (under 500 bytes: one segment, one read), each answered before the next
    try (TcpClient client = new TcpClient(edge.port("edge"))) {
      for (int burst = 0; burst < 25; burst++) {
        StringBuilder lines = new StringBuilder();
        for (int i = 40 * burst; i < 40 * burst + 40; i++) {
          lines.append("frame-").append(i).append('\n');
        }
        client.write(lines.toString());
        for (int i = 40 * burst; i < 40 * burst + 40; i++) {
          assertThat(client.readLine()).isEqualTo("frame-" + i);
        }
      }
    }
    assertThat(edge.stats("edge").repliesOut.sum()).isEqualTo(1000);
    assertThat(publicFrames.get()).as("nothing went to the public address").isZero();
    assertThat(batches.get()).as("frames of one read travel together: one message per burst").isEqualTo(25);

    // a failure in the middle of a batch is answered in its place, the rest as usual
    try (TcpClient client = new TcpClient(edge.port("boom"))) {
      client.write("one\nboom\nthree\n");
      assertThat(client.readLine()).isEqualTo("one");
      assertThat(client.readLine()).startsWith("ERROR HANDLER_FAILURE ");
      assertThat(client.readLine()).isEqualTo("three");
    }
  }

  @Test
  void aConnectionIsNotReadWhileMaxInFlightOfItsFramesAreOutOnHandlerNodes() throws Exception {
    JsonObject slow = new JsonObject().put("type", "verticle").put("address", "it.window")
        .put("className", RandomDelayEcho.class.getName()).put("instances", 2)
        .put("config", new JsonObject().put("maxDelayMs", 10));
    gateway(b, new JsonArray(), new JsonArray().add(slow));
    Gateway edge = gateway(a, new JsonArray().add(lines("edge", "it.window").put("maxInFlight", 8)), new JsonArray());
    awaitBatchable(a, "it.window", 1);
    RandomDelayEcho.outstanding.set(0);
    RandomDelayEcho.maxOutstanding.set(0);
    pipelineThousandLines(edge.port("edge"));
    assertThat(RandomDelayEcho.maxOutstanding.get()).as("frames held by the handler node at once")
        .isPositive().isLessThanOrEqualTo(8);
  }

  @Test
  void aPlainConsumerOfTheAddressKeepsItsShareOfFramesOnThePublicPath() throws Exception {
    gateway(b, new JsonArray(), new JsonArray().add(new JsonObject().put("type", "echo").put("address", "it.mixed")));
    // a consumer that is no Framewire handler, on node B: it answers with the standard reply
    AtomicInteger plain = new AtomicInteger();
    MessageConsumer<Object> consumer = b.eventBus().consumer("it.mixed", message -> {
      plain.incrementAndGet();
      message.reply(message.body());
    });
    consumer.completion().await(10, TimeUnit.SECONDS);
    try {
      Gateway edge = gateway(a, new JsonArray().add(lines("edge", "it.mixed")), new JsonArray());
      HandlerNodes nodes = HandlerNodes.of(a);
      Eventually.await(a, () -> {
        HandlerNodes.Route route = nodes.route("it.mixed");
        return route.nodes().equals(List.of(managerB.getNodeId())) && !route.batchable();
      }, Duration.ofSeconds(20));
      AtomicInteger batches = new AtomicInteger();
      b.eventBus().addInboundInterceptor(delivery -> {
        if (delivery.message().address().startsWith(FramewireEnvelope.batchAddress("it.mixed"))) {
          batches.incrementAndGet();
        }
        delivery.next();
      });
      pipelineThousandLines(edge.port("edge"));
      assertThat(batches.get()).as("no batches while a plain consumer shares the address").isZero();
      assertThat(plain.get()).as("frames the plain consumer answered").isPositive().isLessThan(1000);
    } finally {
      consumer.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  /** Until {@code vertx}'s listeners may send whole reads to the Framewire handlers of {@code nodes} nodes. */
  static void awaitBatchable(Vertx vertx, String address, int nodes) {
    HandlerNodes registry = HandlerNodes.of(vertx);
    Eventually.await(vertx, () -> {
      HandlerNodes.Route route = registry.route(address);
      return route.batchable() && route.nodes().size() == nodes;
    }, Duration.ofSeconds(20));
  }

  @Test
  void aHandlerOnOneNodePushesToAConnectionOnAnotherUntilItCloses() throws Exception {
    // a handler written against the envelope alone: it pushes twice to the frame's connection
    AtomicReference<String> connection = new AtomicReference<>();
    AtomicReference<String> connectionAddress = new AtomicReference<>();
    MessageConsumer<String> pusher = b.eventBus().consumer("it.push", frame -> {
      String id = frame.headers().get(Envelope.CONNECTION_ID);
      String address = frame.headers().get(Envelope.CONNECTION_ADDRESS);
      connection.set(id);
      connectionAddress.set(address);
      DeliveryOptions push = new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, id);
      b.eventBus().request(address, "first " + frame.body(), push)
          .compose(ack -> b.eventBus().request(address, "second " + frame.body(),
              new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, id)));
    });
    pusher.completion().await(30, TimeUnit.SECONDS);
    try {
      Gateway edge = gateway(a, new JsonArray().add(lines("edge", "it.push").put("delivery", "send")),
          new JsonArray());
      try (TcpClient client = new TcpClient(edge.port("edge"))) {
        client.write("hello\n");
        assertThat(client.readLine()).isEqualTo("first hello");
        assertThat(client.readLine()).isEqualTo("second hello");
      }
      // closed: a push request to it fails, from the other node, with CONNECTION_CLOSED
      Eventually.await(b, () -> {
        Future<?> push = b.eventBus().request(connectionAddress.get(), "too late",
            new DeliveryOptions().addHeader(Envelope.CONNECTION_ID, connection.get()));
        try {
          push.await(10, TimeUnit.SECONDS);
          return false;
        } catch (Exception e) {
          return e instanceof ReplyException re && re.failureCode() == Envelope.CONNECTION_CLOSED_FAILURE
              && re.getMessage().equals(Envelope.CONNECTION_CLOSED + " " + connection.get());
        }
      }, Duration.ofSeconds(20));
      assertThat(edge.stats("edge").undeliverable.sum()).isPositive();
    } finally {
      pusher.unregister().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void broadcastReachesConnectionsOnEveryNode() throws Exception {
    JsonObject chat = lines("chat", "it.chat").put("delivery", "send");
    gateway(a, new JsonArray().add(chat), new JsonArray()
        .add(new JsonObject().put("type", "broadcast").put("address", "it.chat")));
    Gateway onA = gateways.get(0);
    Gateway onB = gateway(b, new JsonArray().add(chat.copy()), new JsonArray());
    try (TcpClient sender = new TcpClient(onA.port("chat"));
        TcpClient neighbour = new TcpClient(onA.port("chat"));
        TcpClient remote = new TcpClient(onB.port("chat"))) {
      // each listener must know its connection before the broadcast goes out
      Eventually.await(a, () -> onA.stats("chat").connectionsOpened.sum() == 2
          && onB.stats("chat").connectionsOpened.sum() == 1, Duration.ofSeconds(10));
      sender.write("hello room\n");
      assertThat(remote.readLine()).isEqualTo("hello room");
      assertThat(neighbour.readLine()).isEqualTo("hello room");
      remote.write("hi from B\n");
      assertThat(sender.readLine()).isEqualTo("hi from B");
      assertThat(neighbour.readLine()).isEqualTo("hi from B");
      // the sender's first line is B's: its own line, written to it earlier if at all, never came
    }
  }

  @Test
  void connectionChurnRegistersNothingOnTheCluster() throws Exception {
    gateway(b, new JsonArray(), new JsonArray().add(new JsonObject().put("type", "echo").put("address", "it.churn")));
    Gateway edge = gateway(a, new JsonArray().add(lines("edge", "it.churn")), new JsonArray());
    assertThat(edge.lines).as("a listener-only node is normal on a cluster").noneMatch(l -> l.startsWith("WARNING"));
    long addedA = managerA.registrationsAdded();
    long removedA = managerA.registrationsRemoved();
    long addedB = managerB.registrationsAdded();
    long removedB = managerB.registrationsRemoved();
    assertThat(addedA).as("node A's listener consumers were counted when it started").isPositive();
    int connections = 2000;
    for (int i = 0; i < connections; i++) {
      try (TcpClient client = new TcpClient(edge.port("edge"))) {
        client.write("c" + i + "\n");
        assertThat(client.readLine()).isEqualTo("c" + i);
      }
    }
    Eventually.await(a, () -> edge.stats("edge").connectionsClosed.sum() == connections, Duration.ofSeconds(20));
    assertThat(edge.stats("edge").connectionsOpened.sum()).isEqualTo(connections);
    assertThat(managerA.registrationsAdded() - addedA).isZero();
    assertThat(managerA.registrationsRemoved() - removedA).isZero();
    assertThat(managerB.registrationsAdded() - addedB).isZero();
    assertThat(managerB.registrationsRemoved() - removedB).isZero();
  }
}
