package dev.framewire.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.bench.ReferenceServer;
import dev.framewire.bench.VertxReferenceServer;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Ports;
import dev.framewire.testutil.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} run in-process through {@link Main#commandLine()} against an in-process Framewire
 * gateway, the raw Netty reference server, and small misbehaving echo servers, all on loopback port
 * 0. Runs are bounded by {@code --max-messages} and a one-second {@code --duration}; nothing here
 * depends on how fast they go: every count asserted is an exact invariant (sent = verified = frames
 * the server received, or the exact number of replies a server spoilt).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandTest {
  private static final List<String> SUMMARY_FIELDS = List.of("target", "framing", "connections", "in_flight", "size",
      "rate", "seconds", "messages", "msgs_per_s", "mb_per_s", "p50_us", "p90_us", "p99_us", "p999_us", "max_us",
      "errors", "lost", "unanswered", "sent", "verified", "connected");
  private static final String[] SHORT = {"--duration", "1s", "--warmup", "200ms", "--threads", "2", "--json"};

  private Gateway gateway;
  private NetServer server;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
    if (server != null) {
      server.close().await();
    }
  }

  private void startGateway(Vertx vertx) {
    JsonObject lines = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "bytes").put("address", "b.echo");
    JsonObject prefixed = new JsonObject().put("name", "prefixed").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "length-prefixed").put("headerBytes", 2))
        .put("codec", "bytes").put("address", "b.echo");
    JsonObject udp = new JsonObject().put("name", "udp").put("protocol", "udp").put("port", 0)
        .put("codec", "bytes").put("address", "b.echo");
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(lines).add(prefixed).add(udp))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "b.echo"))))
        .await();
  }

  @Test
  void linesAgainstAFramewireListenerEveryMessageSentIsVerified(Vertx vertx) {
    startGateway(vertx);
    Result r = run("--connections", "3", "--in-flight", "5", "--size", "40", "--max-messages", "3000",
        "tcp://127.0.0.1:" + gateway.port("lines"));
    assertThat(r.code).as(r.err).isZero();
    JsonObject s = r.json();
    assertThat(s.fieldNames()).containsExactlyInAnyOrderElementsOf(SUMMARY_FIELDS);
    assertThat(s.getLong("sent")).isPositive().isLessThanOrEqualTo(3000).isEqualTo(s.getLong("verified"));
    assertThat(gateway.stats("lines").framesIn.sum()).isEqualTo(s.getLong("sent"));
    assertThat(s.getLong("errors")).isZero();
    assertThat(s.getLong("unanswered")).isZero();
    assertThat(s.getInteger("connected")).isEqualTo(3);
    assertThat(s.getString("target")).isEqualTo("tcp://127.0.0.1:" + gateway.port("lines"));
    assertThat(s.getString("framing")).isEqualTo("lines");
    assertThat(s.getInteger("size")).isEqualTo(40);
    assertThat(s.getLong("messages")).isLessThanOrEqualTo(s.getLong("verified"));
  }

  @Test
  void tlsLinesAgainstATlsListenerEveryMessageSentIsVerified(Vertx vertx, @TempDir Path dir) {
    assumeTrue(TestPki.available(), "the openssl command is needed to make the test certificate");
    TestPki ca = TestPki.create(dir, "ca", "Bench Test CA");
    ca.issue("server", "/CN=localhost", "IP:127.0.0.1");
    JsonObject lines = new JsonObject().put("name", "tls").put("protocol", "tcp").put("port", 0)
        .put("framing", "lines").put("codec", "bytes").put("address", "b.echo")
        .put("tls", new JsonObject().put("certPath", ca.cert("server").toString())
            .put("keyPath", ca.key("server").toString()));
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", new JsonArray().add(lines))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "b.echo"))))
        .await();
    Result r = run("--connections", "2", "--in-flight", "5", "--size", "40", "--max-messages", "2000",
        "tls://127.0.0.1:" + gateway.port("tls"));
    assertThat(r.code).as(r.err).isZero();
    JsonObject s = r.json();
    assertThat(s.getString("target")).isEqualTo("tls://127.0.0.1:" + gateway.port("tls"));
    assertThat(s.getLong("sent")).isPositive().isEqualTo(s.getLong("verified"));
    assertThat(gateway.stats("tls").framesIn.sum()).isEqualTo(s.getLong("sent"));
    assertThat(gateway.stats("tls").connectionsOpened.sum()).isEqualTo(2);
    assertThat(s.getLong("errors")).isZero();
    assertThat(s.getInteger("connected")).isEqualTo(2);
  }

  @Test
  void lengthPrefixedSpeaksTheListenersHeader(Vertx vertx) {
    startGateway(vertx);
    Result r = run("--framing", "length-prefixed", "--header-bytes", "2", "--connections", "2", "--size", "300",
        "--max-messages", "2000", "tcp://127.0.0.1:" + gateway.port("prefixed"));
    assertThat(r.code).as(r.err).isZero();
    JsonObject s = r.json();
    assertThat(s.getString("framing")).isEqualTo("length-prefixed");
    assertThat(s.getLong("sent")).isPositive().isEqualTo(s.getLong("verified"));
    assertThat(gateway.stats("prefixed").framesIn.sum()).isEqualTo(s.getLong("sent"));
    assertThat(s.getLong("errors")).isZero();
  }

  @Test
  void udpEveryDatagramIsAnsweredOrCountedLost(Vertx vertx) {
    startGateway(vertx);
    Result r = run("--connections", "2", "--in-flight", "4", "--size", "100", "--max-messages", "2000",
        "--reply-timeout", "1s", "udp://127.0.0.1:" + gateway.port("udp"));
    assertThat(r.code).as(r.err).isZero();
    JsonObject s = r.json();
    assertThat(s.getString("framing")).isEqualTo("datagram");
    assertThat(s.getLong("errors")).isZero();
    assertThat(s.getLong("verified")).isPositive();
    assertThat(s.getLong("verified") + s.getLong("lost")).isEqualTo(s.getLong("sent"));
  }

  @Test
  void openLoopSendsOnScheduleAndVerifiesEveryReply(Vertx vertx) {
    startGateway(vertx);
    Result r = run("--connections", "2", "--rate", "2000", "--max-messages", "2000",
        "tcp://127.0.0.1:" + gateway.port("lines"));
    assertThat(r.code).as(r.err).isZero();
    JsonObject s = r.json();
    assertThat(s.getLong("rate")).isEqualTo(2000);
    assertThat(s.getLong("sent")).isPositive().isEqualTo(s.getLong("verified"));
    assertThat(s.getLong("errors")).isZero();
  }

  @Test
  void aServerThatSpoilsRepliesMakesErrorsAndExitOne(Vertx vertx) {
    AtomicLong received = new AtomicLong();
    AtomicLong spoilt = new AtomicLong();
    int port = lineServer(vertx, (socket, line) -> {
      if (received.incrementAndGet() % 50 == 0) {
        line.setByte(0, (byte) 1); // a byte no payload holds
        spoilt.incrementAndGet();
      }
      socket.write(line.appendByte((byte) '\n'));
    });
    Result r = run("--connections", "1", "--in-flight", "4", "--max-messages", "500", "tcp://127.0.0.1:" + port);
    assertThat(r.code).isEqualTo(1);
    JsonObject s = r.json();
    assertThat(s.getLong("sent")).isEqualTo(received.get());
    assertThat(spoilt.get()).isPositive();
    assertThat(s.getLong("errors")).isEqualTo(spoilt.get());
    assertThat(s.getLong("verified")).isEqualTo(s.getLong("sent") - spoilt.get());
  }

  @Test
  void aServerThatSwapsTwoRepliesMakesTwoErrors(Vertx vertx) {
    AtomicLong received = new AtomicLong();
    Buffer[] held = new Buffer[1];
    int port = lineServer(vertx, (socket, line) -> {
      long n = received.incrementAndGet();
      if (n == 10) {
        held[0] = line; // answered after the 11th: the two replies swap
        return;
      }
      socket.write(line.appendByte((byte) '\n'));
      if (n == 11) {
        socket.write(held[0].appendByte((byte) '\n'));
      }
    });
    Result r = run("--connections", "1", "--in-flight", "4", "--max-messages", "200", "tcp://127.0.0.1:" + port);
    assertThat(r.code).isEqualTo(1);
    JsonObject s = r.json();
    assertThat(s.getLong("sent")).isEqualTo(received.get()).isGreaterThan(11);
    assertThat(s.getLong("errors")).isEqualTo(2);
    assertThat(s.getLong("verified")).isEqualTo(s.getLong("sent") - 2);
  }

  @Test
  void aServerThatAnswersNothingLeavesEveryMessageUnanswered(Vertx vertx) {
    int port = lineServer(vertx, (socket, line) -> { });
    Result r = run("--connections", "2", "--in-flight", "3", "--reply-timeout", "200ms", "tcp://127.0.0.1:" + port);
    assertThat(r.code).isEqualTo(1);
    JsonObject s = r.json();
    assertThat(s.getLong("sent")).isEqualTo(6);
    assertThat(s.getLong("verified")).isZero();
    assertThat(s.getLong("unanswered")).isEqualTo(6);
    assertThat(s.getLong("errors")).isEqualTo(6);
    assertThat(r.err).contains("framewire bench: no reply came back");
  }

  @Test
  void theReferenceServerEchoesLinesLengthPrefixedAndDatagrams() throws Exception {
    // port 0: each socket on a free port the server reports, none guessed
    try (ReferenceServer reference = ReferenceServer.start("127.0.0.1", 0, 1)) {
      for (String[] args : new String[][] {
          {"tcp://127.0.0.1:" + reference.linesPort()},
          {"--framing", "length-prefixed", "tcp://127.0.0.1:" + reference.prefixedPort()},
          {"udp://127.0.0.1:" + reference.udpPort()}}) {
        String[] all = Stream.concat(Stream.of("--connections", "2", "--max-messages", "1000"), Arrays.stream(args))
            .toArray(String[]::new);
        Result r = run(all);
        assertThat(r.code).as(r.err).isZero();
        JsonObject s = r.json();
        assertThat(s.getLong("errors")).isZero();
        assertThat(s.getLong("verified") + s.getLong("lost")).isEqualTo(s.getLong("sent"));
        if (!args[args.length - 1].startsWith("udp")) {
          assertThat(s.getLong("verified")).isEqualTo(s.getLong("sent"));
        }
      }
    }
  }

  @Test
  void thePlainVertxReferenceEchoesLines() throws Exception {
    VertxReferenceServer reference = VertxReferenceServer.start("127.0.0.1", 0, 2)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      Result r = run("--connections", "4", "--max-messages", "2000", "tcp://127.0.0.1:" + reference.linesPort());
      assertThat(r.code).as(r.err).isZero();
      JsonObject s = r.json();
      assertThat(s.getLong("errors")).isZero();
      assertThat(s.getLong("sent")).isPositive();
      assertThat(s.getLong("verified")).isEqualTo(s.getLong("sent"));
    } finally {
      reference.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTakenPortFailsThePlainVertxReferenceAndClosesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r = run("--serve-reference", String.valueOf(taken.getLocalPort()), "--reference", "vertx");
      assertThat(r.code).isEqualTo(1);
      assertThat(r.err).startsWith("framewire bench: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void anUnknownReferenceKindIsAUsageError() {
    Result r = run("--serve-reference", "7000", "--reference", "python");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("--reference must be netty or vertx (was python)");
  }

  @Test
  void withoutJsonTheSummaryIsText(Vertx vertx) {
    startGateway(vertx);
    Result r = runPlain("bench", "--duration", "1s", "--warmup", "0s", "--connections", "1", "--max-messages", "100",
        "tcp://127.0.0.1:" + gateway.port("lines"));
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).startsWith("tcp://127.0.0.1:" + gateway.port("lines") + " lines: 1 connection x 16 in flight");
    assertThat(r.out).contains("msgs/s", "MB/s", "p50 ", "p99.9 ", "max ", "errors    0");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("--framing", "raw", "tcp://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire bench: --framing raw has no frame boundaries: replies cannot be counted\n"));
    assertThat(run("--size", "0", "tcp://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire bench: --size must be 1..65536 (was 0)\n"));
    assertThat(run("--duration", "0s", "tcp://127.0.0.1:1").code).isEqualTo(2);
    assertThat(run("--framing", "lines", "udp://127.0.0.1:1"))
        .isEqualTo(new Result(2, "", "framewire bench: udp:// sends one datagram per frame: --framing must be "
            + "datagram (was lines)\n"));
    assertThat(run("localhost:7000").err).startsWith("framewire bench: bad URL \"localhost:7000\"");
    assertThat(run().err).isEqualTo("framewire bench: missing URL (tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT)\n");
  }

  @Test
  void nobodyListeningIsExitOne() throws Exception {
    int port = Ports.freePort();
    Result r = run("--connections", "2", "tcp://127.0.0.1:" + port);
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).isEmpty();
    assertThat(r.err).startsWith("framewire bench: cannot connect to 127.0.0.1:" + port + ": ");
  }

  /** A line echo server on port 0 whose answer to each line is up to {@code answer}. */
  private int lineServer(Vertx vertx, BiConsumer<NetSocket, Buffer> answer) {
    server = vertx.createNetServer().connectHandler(socket ->
        socket.handler(RecordParser.newDelimited("\n", line -> answer.accept(socket, line))));
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  private record Result(int code, String out, String err) {
    JsonObject json() {
      return new JsonObject(out.strip());
    }
  }

  private static Result run(String... args) {
    return runPlain(Stream.concat(Stream.concat(Stream.of("bench"), Arrays.stream(SHORT)), Arrays.stream(args))
        .toArray(String[]::new));
  }

  private static Result runPlain(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, UTF_8);
    PrintStream errStream = new PrintStream(err, true, UTF_8);
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(outStream, true));
    cl.setErr(new PrintWriter(errStream, true));
    ((BenchCommand) cl.getSubcommands().get("bench").getCommand()).streams(outStream, errStream);
    int code = cl.execute(args);
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }
}
