package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.api.Frame;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.LimitsConfig;
import dev.framewire.config.ListenerConfig;
import dev.framewire.framing.Framings;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection gone quiet lets its framer and reply slots go at the listener's timeout sweep, and
 * makes them again when bytes arrive; one that holds part of a frame, is discarding an oversize one,
 * or waits for a reply keeps them. Over real sockets, with one listener instance whose quiet period
 * is shortened to {@link #QUIET_MILLIS} (its sweep runs every 100 ms).
 *
 * <p>No test sleeps: each waits for a connection to be released, which takes one sweep after the
 * quiet period. A connection that must not be released is checked against a control connection that
 * went quiet after it: once the control is released, a sweep has seen the first one quiet for longer
 * than the quiet period.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class QuietConnectionTest {
  private static final long QUIET_MILLIS = 300;

  private TcpListenerVerticle listener;
  private final List<TcpClient> clients = new ArrayList<>();
  /** The fw.seq of each frame the handler got, by fw.conn. */
  private final Map<String, List<String>> sequences = new ConcurrentHashMap<>();
  /** The fw.remote and fw.local of each frame the handler got, by fw.conn. */
  private final Map<String, List<String>> addresses = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    clients.forEach(TcpClient::close);
  }

  /** One instance of a TCP listener {@code q} on {@code t.q} (replyTimeout 800 ms: a sweep every 100 ms). */
  private void start(Vertx vertx, JsonObject framing, JsonObject extra) {
    JsonObject json = new JsonObject().put("name", "q").put("protocol", "tcp").put("port", 0).put("framing", framing)
        .put("codec", "bytes").put("address", "t.q").put("replyTimeout", "800ms").mergeIn(extra);
    ListenerConfig config = ConfigLoader.parse(new JsonObject().put("listeners", new JsonArray().add(json))
        .put("handlers", new JsonArray())).listeners().get(0);
    ListenerStats stats = new ListenerStats();
    Admission admission = new Admission(config, stats, ProcessConnections.of(LimitsConfig.DEFAULT, -1));
    listener = new TcpListenerVerticle(config, "node", 0, -1, stats, new ListenerView(config.name(), false),
        Duration.ofSeconds(1), admission, null, QUIET_MILLIS);
    vertx.deployVerticle(listener).await();
  }

  /** Echoes every frame, noting its fw.seq; a frame {@code hold} is answered when {@code held} is. */
  private void echo(Vertx vertx, AtomicReference<Frame> held) {
    vertx.eventBus().<Buffer>consumer("t.q", m -> {
      sequences.computeIfAbsent(m.headers().get("fw.conn"), c -> new CopyOnWriteArrayList<>())
          .add(m.headers().get("fw.seq"));
      addresses.computeIfAbsent(m.headers().get("fw.conn"), c -> new CopyOnWriteArrayList<>())
          .add(m.headers().get("fw.remote") + " " + m.headers().get("fw.local"));
      Frame frame = Frame.of(vertx.eventBus(), m);
      if (held != null && m.body().toString(StandardCharsets.ISO_8859_1).equals("hold")) {
        held.set(frame);
      } else {
        frame.reply(m.body());
      }
    }).completion().await();
  }

  private TcpClient connect() {
    TcpClient client = new TcpClient(listener.actualPort());
    clients.add(client);
    return client;
  }

  private static String remote(TcpClient client) {
    return "127.0.0.1:" + client.socket().getLocalPort();
  }

  private Set<String> holding() {
    return listener.holdingFramingState().await();
  }

  private void awaitReleased(Vertx vertx, TcpClient client) {
    Eventually.await(vertx, () -> !holding().contains(remote(client)));
  }

  /** A client that sends a frame, reads its reply and goes quiet; returns once it is released. */
  private void controlReleased(Vertx vertx, byte[] frame) {
    TcpClient control = connect();
    control.write(frame);
    assertThat(control.read(frame.length)).isEqualTo(frame);
    awaitReleased(vertx, control);
  }

  static Stream<Arguments> framings() {
    return Stream.of(
        Arguments.of(new JsonObject().put("type", "raw"), FramingConfig.of(FramingType.RAW)),
        Arguments.of(new JsonObject().put("type", "lines"), FramingConfig.of(FramingType.LINES)),
        Arguments.of(new JsonObject().put("type", "delimited").put("delimiter", "\\r\\n"),
            FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {'\r', '\n'})),
        Arguments.of(new JsonObject().put("type", "fixed").put("size", 8), FramingConfig.of(FramingType.FIXED).withSize(8)),
        Arguments.of(new JsonObject().put("type", "length-prefixed").put("headerBytes", 2),
            FramingConfig.of(FramingType.LENGTH_PREFIXED).withHeader(2, ByteOrder.BIG_ENDIAN, false)),
        Arguments.of(new JsonObject().put("type", "octet-counting"), FramingConfig.of(FramingType.OCTET_COUNTING)));
  }

  private static byte[] encode(FramingConfig framing, String payload) {
    Buffer out = Buffer.buffer();
    Framings.encoder(framing).encode(Buffer.buffer(payload), out);
    return out.getBytes();
  }

  @ParameterizedTest
  @MethodSource("framings")
  void aQuietConnectionIsReleasedAndItsNextFramesAreAnsweredInOrder(JsonObject json, FramingConfig framing, Vertx vertx) {
    start(vertx, json, new JsonObject());
    echo(vertx, null);
    TcpClient client = connect();
    TcpClient silent = connect();
    byte[][] frames = new byte[4][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = encode(framing, String.format("f%07d", i));  // 8 bytes: fixed's size
    }
    for (int i = 0; i < 2; i++) {
      client.write(frames[i]);
      assertThat(client.read(frames[i].length)).isEqualTo(frames[i]);
    }
    assertThat(holding()).as("the framer and slots of a connection that sent frames").contains(remote(client))
        .as("a connection that never sent holds none").doesNotContain(remote(silent));

    awaitReleased(vertx, client);

    if (framing.type() == FramingType.RAW) {
      // every chunk is a frame: nothing to split
      client.write(frames[2]);
      assertThat(client.read(frames[2].length)).isEqualTo(frames[2]);
      client.write(frames[3]);
      assertThat(client.read(frames[3].length)).isEqualTo(frames[3]);
    } else {
      // the next frame, split: its first bytes make a new framer, which is kept while they wait
      client.write(Arrays.copyOfRange(frames[2], 0, 3));
      controlReleased(vertx, frames[0]);
      assertThat(holding()).as("a connection holding part of a frame").containsExactly(remote(client));
      byte[] rest = Buffer.buffer(Arrays.copyOfRange(frames[2], 3, frames[2].length)).appendBytes(frames[3]).getBytes();
      client.write(rest);
      assertThat(client.read(frames[2].length)).isEqualTo(frames[2]);
      assertThat(client.read(frames[3].length)).isEqualTo(frames[3]);
    }
    assertThat(sequences.get("node.q.0.0")).as("fw.seq goes on across the release").containsExactly("0", "1", "2", "3");

    awaitReleased(vertx, client);
    client.write(frames[0]);
    assertThat(client.read(frames[0].length)).as("released twice").isEqualTo(frames[0]);
    assertThat(sequences.get("node.q.0.0")).containsExactly("0", "1", "2", "3", "4");
    assertThat(listener.holdingFramingState().await()).doesNotContain(remote(silent));
    assertThat(addresses.get("node.q.0.0")).as("the addresses, formatted again after each release")
        .hasSize(5).containsOnly(remote(client) + " 127.0.0.1:" + listener.actualPort());
  }

  @Test
  void aConnectionDiscardingAnOversizeLineIsNotReleased(Vertx vertx) {
    start(vertx, new JsonObject().put("type", "lines").put("maxLength", 32), new JsonObject().put("onOversize", "skip"));
    echo(vertx, null);
    TcpClient client = connect();
    client.write("x".repeat(40));  // too long, and not ended: the rest is discarded up to the next \n
    assertThat(client.readLine()).startsWith("ERROR OVERSIZE");
    controlReleased(vertx, "c\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(holding()).as("a connection discarding the rest of a frame").containsExactly(remote(client));

    client.write("def\nnext\n");
    assertThat(client.readLine()).as("the discarded line ends at its \\n").isEqualTo("next");
    assertThat(sequences.get("node.q.0.0")).as("the oversize line took seq 0").containsExactly("1");
    awaitReleased(vertx, client);
  }

  @Test
  void aConnectionWaitingForAReplyIsNotReleased(Vertx vertx) {
    start(vertx, new JsonObject().put("type", "lines"), new JsonObject().put("replyTimeout", "10s"));
    AtomicReference<Frame> held = new AtomicReference<>();
    echo(vertx, held);
    TcpClient client = connect();
    client.write("hold\n");
    Eventually.await(vertx, () -> held.get() != null);
    controlReleased(vertx, "c\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(holding()).as("a connection owed a reply").containsExactly(remote(client));

    held.get().reply(Buffer.buffer("late but whole"));
    assertThat(client.readLine()).isEqualTo("late but whole");
    awaitReleased(vertx, client);
    client.write("next\n");
    assertThat(client.readLine()).isEqualTo("next");
    assertThat(sequences.get("node.q.0.0")).containsExactly("0", "1");
  }

  /** Frames that waited past the in-flight window leave no backlog behind once the connection is quiet. */
  @Test
  void aConnectionWhoseFramesWaitedInTheBacklogLetsTheBacklogGoToo(Vertx vertx) {
    start(vertx, new JsonObject().put("type", "lines"), new JsonObject().put("replyTimeout", "10s").put("maxInFlight", 1));
    AtomicReference<Frame> held = new AtomicReference<>();
    echo(vertx, held);
    TcpClient client = connect();
    client.write("hold\nb\nc\n");  // b and c wait in the backlog behind the one frame in flight
    Eventually.await(vertx, () -> held.get() != null);
    controlReleased(vertx, "x\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(holding()).as("frames in the backlog").containsExactly(remote(client));

    held.get().reply(Buffer.buffer("late"));
    assertThat(client.readLine()).isEqualTo("late");
    assertThat(client.readLine()).isEqualTo("b");
    assertThat(client.readLine()).isEqualTo("c");
    awaitReleased(vertx, client);
    client.write("d\n");
    assertThat(client.readLine()).isEqualTo("d");
    assertThat(sequences.get("node.q.0.0")).containsExactly("0", "1", "2", "3");
  }
}
