package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Commands;
import dev.framewire.testutil.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Framewire's listeners talked to by peers nobody here wrote, as a user would try them: util-linux
 * {@code logger} sending RFC 6587 octet-counted syslog over TCP and RFC 5424 datagrams over UDP, and
 * {@code socat} as a line client over TCP and a datagram client over UDP. Every frame a handler gets
 * and every byte a peer gets back is checked exactly. ({@code .ci/run} installs both commands.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealPeersTest {
  private static final int WAIT_SECONDS = 10;
  /** RFC 5424 without the parts that change from run to run: time, host, time quality. */
  private static final String[] LOGGER = {"logger", "--rfc5424=notq,notime,nohost", "-t", "fwtest", "-p",
      "user.notice", "-n", "127.0.0.1"};
  private static final String SYSLOG_PREFIX = "<13>1 - - fwtest - - - ";
  private static final List<String> LINES = List.of("one", "two", "three with ü", "{\"json\": true}");

  @TempDir
  Path dir;

  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private void start(Vertx vertx, JsonObject... listeners) {
    JsonArray array = new JsonArray();
    for (JsonObject listener : listeners) {
      array.add(listener.put("host", "127.0.0.1").put("port", 0));
    }
    gateway = Gateway.start(vertx, new JsonObject().put("listeners", array)
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "peers.echo"))))
        .await();
  }

  /** The text bodies sent to {@code address}, in the order they come. */
  private static BlockingQueue<String> record(Vertx vertx, String address) {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    vertx.eventBus().<String>consumer(address, m -> bodies.add(m.body())).completion().await();
    return bodies;
  }

  private static List<String> take(BlockingQueue<String> bodies, int count) throws InterruptedException {
    List<String> got = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String body = bodies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(body).as("frame %d of %d; got so far %s", i + 1, count, got).isNotNull();
      got.add(body);
    }
    return got;
  }

  private Path file(List<String> lines) throws Exception {
    Path file = Files.createTempFile(dir, "lines-", ".txt");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static String[] logger(String... more) {
    String[] command = new String[LOGGER.length + more.length];
    System.arraycopy(LOGGER, 0, command, 0, LOGGER.length);
    System.arraycopy(more, 0, command, LOGGER.length, more.length);
    return command;
  }

  private static List<String> syslog(List<String> messages) {
    return messages.stream().map(m -> SYSLOG_PREFIX + m).toList();
  }

  @Test
  void loggerOctetCountingOverTcpGivesEachMessageWhole(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("name", "syslog").put("protocol", "tcp")
        .put("framing", new JsonObject().put("type", "octet-counting")).put("codec", "text")
        .put("address", "peers.syslog").put("delivery", "send"));
    BlockingQueue<String> bodies = record(vertx, "peers.syslog");
    String port = Integer.toString(gateway.port("syslog"));

    // one connection of four messages, then one of one (two connections are ordered each on its own)
    Commands.output(new byte[0], WAIT_SECONDS, logger("--octet-count", "-T", "-P", port, "-f", file(LINES).toString()));
    assertThat(take(bodies, LINES.size())).isEqualTo(syslog(LINES));
    Commands.output(new byte[0], WAIT_SECONDS, logger("--octet-count", "-T", "-P", port, "and a last one"));
    assertThat(take(bodies, 1)).containsExactly(SYSLOG_PREFIX + "and a last one");

    ListenerStats stats = gateway.stats("syslog");
    assertThat(stats.framesIn.sum()).isEqualTo(LINES.size() + 1);
    assertThat(stats.connectionsOpened.sum()).isEqualTo(2);
    assertThat(stats.oversized.sum() + stats.corrupt.sum() + stats.decodeErrors.sum() + stats.truncatedAtEnd.sum())
        .isZero();
  }

  @Test
  void anOversizedLoggerMessageIsSkippedAndTheOthersOnItsConnectionArrive(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("name", "syslog").put("protocol", "tcp")
        .put("framing", new JsonObject().put("type", "octet-counting").put("maxLength", 64))
        .put("onOversize", "skip").put("codec", "text").put("address", "peers.syslog").put("delivery", "send"));
    BlockingQueue<String> bodies = record(vertx, "peers.syslog");
    String port = Integer.toString(gateway.port("syslog"));
    List<String> lines = List.of("before", "x".repeat(200), "after");

    Commands.output(new byte[0], WAIT_SECONDS, logger("--octet-count", "-T", "-P", port, "-f", file(lines).toString()));

    assertThat(take(bodies, 2)).isEqualTo(syslog(List.of("before", "after")));
    ListenerStats stats = gateway.stats("syslog");
    assertThat(stats.framesIn.sum()).isEqualTo(2);
    assertThat(stats.oversized.sum()).isEqualTo(1);
    assertThat(stats.connectionsOpened.sum()).isEqualTo(1);
  }

  @Test
  void loggerOverUdpIsOneFramePerDatagram(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("name", "syslog-udp").put("protocol", "udp")
        .put("framing", "datagram").put("codec", "text").put("address", "peers.syslog").put("delivery", "send"));
    BlockingQueue<String> bodies = record(vertx, "peers.syslog");
    String port = Integer.toString(gateway.port("syslog-udp"));

    Commands.output(new byte[0], WAIT_SECONDS, logger("-d", "-P", port, "-f", file(LINES).toString()));

    assertThat(take(bodies, LINES.size())).isEqualTo(syslog(LINES));
    assertThat(gateway.stats("syslog-udp").framesIn.sum()).isEqualTo(LINES.size());
  }

  @Test
  void socatAsALineClientGetsEveryReplyThenTheCloseAfterItsHalfClose(Vertx vertx) {
    start(vertx, new JsonObject().put("name", "lines").put("protocol", "tcp").put("framing", "lines")
        .put("codec", "text").put("address", "peers.echo"));
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      input.append("line ").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
    }
    input.append("no newline at the end");

    // socat half-closes when its input ends and exits when Framewire closes after the last reply
    byte[] out = Commands.output(input.toString().getBytes(StandardCharsets.UTF_8), WAIT_SECONDS,
        "socat", "-t", "5", "-", "TCP:127.0.0.1:" + gateway.port("lines"));

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      expected.append("line ").append(i).append('\n');
    }
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    ListenerStats stats = gateway.stats("lines");
    assertThat(stats.framesIn.sum()).isEqualTo(1000);
    assertThat(stats.repliesOut.sum()).isEqualTo(1000);
    assertThat(stats.truncatedAtEnd.sum()).isEqualTo(1);
  }

  @Test
  void socatAsADatagramClientGetsItsReply(Vertx vertx) {
    start(vertx, new JsonObject().put("name", "udp").put("protocol", "udp").put("framing", "datagram")
        .put("codec", "bytes").put("address", "peers.echo"));

    // one datagram of the whole input; socat waits 3 s after its input ends for what comes back
    byte[] out = Commands.output("hello über datagram".getBytes(StandardCharsets.UTF_8), WAIT_SECONDS,
        "socat", "-t", "3", "-", "UDP:127.0.0.1:" + gateway.port("udp"));

    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("hello über datagram");
    assertThat(gateway.stats("udp").repliesOut.sum()).isEqualTo(1);
  }
}
