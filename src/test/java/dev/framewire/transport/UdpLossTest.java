package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No datagram lost by a UDP echo listener on loopback: bursts sent back to back, a steady
 * 5,000 datagrams a second, and a datagram one byte over {@code maxDatagramSize}. Every client
 * holds a 4 MiB receive buffer, so that a missing answer is the listener's loss, not the client's.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
// vertx-junit5's @Timeout bounds only VertxTestContext waits; this one interrupts a blocked test thread
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpLossTest {
  private static final Logger log = LoggerFactory.getLogger(UdpLossTest.class);
  private static final String HOST = "127.0.0.1";
  private static final int CLIENT_RECEIVE_BUFFER = 4 * 1024 * 1024;
  /** How long a blocking client waits for an answer that may never come. */
  private static final int ANSWER_WAIT_MS = 2_000;

  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  /**
   * One UDP echo listener "udp": datagram framing, bytes codec, request delivery, every other
   * setting at its default except those given (null: the default).
   *
   * <p>The tests of many datagrams let every one of them wait for its reply ({@code maxInFlight}):
   * with the default 256, a pause of the gateway's event loops of about 50 ms at 5,000 datagrams a
   * second (a JIT compile on a busy machine: answers here took up to 800 ms) leaves the datagrams
   * queued in the kernel, and the listener answers the catch-up beyond 256 {@code BUSY}, as it
   * should. These tests count loss, not that policy; they assert that no {@code BUSY} was given.
   */
  private static JsonObject echoConfig(Integer maxDatagramSize, Integer maxInFlight) {
    JsonObject listener = new JsonObject().put("name", "udp").put("protocol", "udp").put("host", HOST)
        .put("port", 0).put("framing", new JsonObject().put("type", "datagram")).put("codec", "bytes")
        .put("delivery", "request").put("address", "t.loss");
    if (maxDatagramSize != null) {
      listener.put("maxDatagramSize", maxDatagramSize);
    }
    if (maxInFlight != null) {
      listener.put("maxInFlight", maxInFlight);
    }
    return new JsonObject().put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.loss")));
  }

  /** Datagram number {@code n}: {@code n} in 4 big-endian bytes, then bytes that depend on it; {@code size} in all. */
  private static byte[] datagram(int n, int size) {
    ByteBuffer bytes = ByteBuffer.allocate(size);
    bytes.putInt(n);
    while (bytes.hasRemaining()) {
      bytes.put((byte) (n * 31 + bytes.position()));
    }
    return bytes.array();
  }

  /**
   * What came back for datagrams 0..sent-1.
   *
   * @param answered datagrams answered at least once, byte for byte, from the listener's address
   * @param duplicates answers beyond the first for the same datagram
   * @param wrong answers that are no datagram sent, not byte-exact, or from another address
   */
  private record Outcome(int answered, int duplicates, int wrong) {}

  /** Tallies answers on one thread. */
  private static final class Tally {
    private final int[] answers;
    private final int size;
    private final InetSocketAddress listener;
    private int answered;
    private int duplicates;
    private int wrong;

    Tally(int sent, int size, InetSocketAddress listener) {
      this.answers = new int[sent];
      this.size = size;
      this.listener = listener;
    }

    void add(byte[] reply, InetSocketAddress from) {
      int n = reply.length >= 4 ? ByteBuffer.wrap(reply).getInt() : -1;
      if (n < 0 || n >= answers.length || !Arrays.equals(reply, datagram(n, size)) || !listener.equals(from)) {
        if (wrong++ == 0) {
          log.warn("unexpected answer of {} bytes from {}: {}", reply.length, from,
              new String(reply, 0, Math.min(reply.length, 80), StandardCharsets.ISO_8859_1));
        }
        return;
      }
      if (answers[n]++ == 0) {
        answered++;
      } else {
        duplicates++;
      }
    }

    boolean complete() {
      return answered == answers.length;
    }

    Outcome outcome() {
      return new Outcome(answered, duplicates, wrong);
    }
  }

  /**
   * Sends datagrams 0..count-1 of {@code size} bytes back to back from one blocking socket, then
   * reads answers until all came or none came for {@link #ANSWER_WAIT_MS}.
   */
  private static Outcome burst(int port, int count, int size) throws IOException {
    InetAddress loopback = InetAddress.getByName(HOST);
    InetSocketAddress listener = new InetSocketAddress(loopback, port);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
      client.setReceiveBufferSize(CLIENT_RECEIVE_BUFFER);
      assertThat(client.getReceiveBufferSize()).as("client SO_RCVBUF").isGreaterThanOrEqualTo(CLIENT_RECEIVE_BUFFER);
      client.setSoTimeout(ANSWER_WAIT_MS);
      for (int n = 0; n < count; n++) {
        client.send(new DatagramPacket(datagram(n, size), size, listener));
      }
      Tally tally = new Tally(count, size, listener);
      byte[] buffer = new byte[65_536];
      try {
        while (!tally.complete()) {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          client.receive(packet);
          tally.add(Arrays.copyOf(packet.getData(), packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
        }
      } catch (SocketTimeoutException noMore) {
        // fewer answers than datagrams: the outcome says how many
      }
      log.info("burst of {} datagrams of {} bytes: {}", count, size, tally.outcome());
      return tally.outcome();
    }
  }

  /** The listener counts an answer just after handing it to the socket: wait for what the client holds. */
  private static void awaitAnswers(Vertx vertx, ListenerStats stats, long answers) {
    Eventually.await(vertx, () -> stats.repliesOut.sum() + stats.errorFrames.sum() >= answers);
  }

  /** Stops the gateway, which reads the kernel's drop count one last time. */
  private ListenerStats stopped(String listener) {
    ListenerStats stats = gateway.stats(listener);
    gateway.stop().await();
    gateway = null;
    return stats;
  }

  @Test
  void aBurstOf1000DatagramsIsAnsweredWhole(Vertx vertx) throws Exception {
    gateway = Gateway.start(vertx, echoConfig(null, 1000)).await();
    Outcome outcome = burst(gateway.port("udp"), 1000, 64);
    assertThat(outcome).isEqualTo(new Outcome(1000, 0, 0));

    awaitAnswers(vertx, gateway.stats("udp"), 1000);
    ListenerStats stats = stopped("udp");
    assertThat(stats.framesIn.sum()).isEqualTo(1000);
    assertThat(stats.repliesOut.sum()).isEqualTo(1000);
    assertThat(stats.errorFrames.sum()).isEqualTo(0);
    assertThat(stats.requestFailures(RequestFailure.BUSY).sum()).isEqualTo(0);
    assertThat(stats.kernelDrops.sum()).isEqualTo(0);
  }

  @Test
  void aBurstOfDatagramsOfExactlyMaxDatagramSizeIsAnsweredWhole(Vertx vertx) throws Exception {
    gateway = Gateway.start(vertx, echoConfig(1024, null)).await();
    Outcome outcome = burst(gateway.port("udp"), 5, 1024);
    assertThat(outcome).isEqualTo(new Outcome(5, 0, 0));

    awaitAnswers(vertx, gateway.stats("udp"), 5);
    ListenerStats stats = stopped("udp");
    assertThat(stats.framesIn.sum()).isEqualTo(5);
    assertThat(stats.repliesOut.sum()).isEqualTo(5);
    assertThat(stats.oversized.sum()).isEqualTo(0);
    assertThat(stats.kernelDrops.sum()).isEqualTo(0);
  }

  @Test
  void tenThousandDatagramsAt5000ASecondAreEachAnsweredOnceFromTheListenersAddress(Vertx vertx) throws Exception {
    int total = 10_000;
    int size = 64;
    gateway = Gateway.start(vertx, echoConfig(null, total)).await();
    int port = gateway.port("udp");
    Promise<Outcome> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> new PacedSender(vertx, port, total, size, done).start());
    Outcome outcome = done.future().await(50, TimeUnit.SECONDS);
    log.info("{} datagrams at 5,000 a second: {}", total, outcome);
    // on loopback nothing is lost: 10,000 of 10,000 in every run
    assertThat(outcome).isEqualTo(new Outcome(total, 0, 0));

    awaitAnswers(vertx, gateway.stats("udp"), total);
    ListenerStats stats = stopped("udp");
    assertThat(stats.framesIn.sum()).isEqualTo(total);
    assertThat(stats.repliesOut.sum()).isEqualTo(total);
    assertThat(stats.errorFrames.sum()).isEqualTo(0);
    assertThat(stats.requestFailures(RequestFailure.BUSY).sum()).isEqualTo(0);
    assertThat(stats.kernelDrops.sum()).isEqualTo(0);
  }

  @Test
  void oneByteOverMaxDatagramSizeIsAnsweredOversizeAndTheListenerGoesOn(Vertx vertx) throws Exception {
    gateway = Gateway.start(vertx, echoConfig(1024, null)).await();
    InetAddress loopback = InetAddress.getByName(HOST);
    InetSocketAddress listener = new InetSocketAddress(loopback, gateway.port("udp"));
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
      client.setSoTimeout(ANSWER_WAIT_MS);
      byte[] max = datagram(1, 1024);
      assertThat(roundTrip(client, listener, max)).isEqualTo(max);
      assertThat(roundTrip(client, listener, datagram(2, 1025)))
          .isEqualTo("ERROR OVERSIZE datagram exceeds maxDatagramSize 1024".getBytes(StandardCharsets.UTF_8));
      byte[] after = datagram(3, 64);
      assertThat(roundTrip(client, listener, after)).isEqualTo(after);
    }
    awaitAnswers(vertx, gateway.stats("udp"), 3);
    ListenerStats stats = stopped("udp");
    assertThat(stats.oversized.sum()).isEqualTo(1);
    assertThat(stats.errorFrames.sum()).isEqualTo(1);
    assertThat(stats.framesIn.sum()).isEqualTo(2);
    assertThat(stats.repliesOut.sum()).isEqualTo(2);
  }

  /** Sends {@code payload} and returns the next datagram, which must come from {@code listener}. */
  private static byte[] roundTrip(DatagramSocket client, InetSocketAddress listener, byte[] payload) throws IOException {
    client.send(new DatagramPacket(payload, payload.length, listener));
    DatagramPacket reply = new DatagramPacket(new byte[65_536], 65_536);
    client.receive(reply);
    assertThat(reply.getSocketAddress()).isEqualTo(listener);
    return Arrays.copyOf(reply.getData(), reply.getLength());
  }

  /**
   * A Vert.x datagram socket that sends {@link #PER_TICK} datagrams every {@link #TICK_MS} ms
   * (5,000 a second) and tallies the answers; done once every datagram was answered, or
   * {@link #ANSWER_WAIT_MS} after the last one was sent. Confined to the context it starts on.
   */
  private static final class PacedSender {
    private static final int PER_TICK = 50;
    private static final long TICK_MS = 10;

    private final Vertx vertx;
    private final int port;
    private final int total;
    private final int size;
    private final Promise<Outcome> done;
    private final Tally tally;
    private io.vertx.core.datagram.DatagramSocket socket;
    private long ticker = -1;
    private int next;
    private int sendFailures;
    private long startNanos;

    PacedSender(Vertx vertx, int port, int total, int size, Promise<Outcome> done) {
      this.vertx = vertx;
      this.port = port;
      this.total = total;
      this.size = size;
      this.done = done;
      this.tally = new Tally(total, size, new InetSocketAddress(HOST, port));
    }

    void start() {
      // the socket option would also size Vert.x's read buffer (4 MiB a datagram): set it on the channel
      socket = vertx.createDatagramSocket(new DatagramSocketOptions());
      socket.handler(packet -> {
        SocketAddress from = packet.sender();
        tally.add(packet.data().getBytes(), new InetSocketAddress(from.hostAddress(), from.port()));
        if (tally.complete()) {
          finish();
        }
      });
      socket.listen(0, HOST).onFailure(done::tryFail).onSuccess(s -> {
        var channel = VertxInternals.channel(s);
        channel.config().setReceiveBufferSize(CLIENT_RECEIVE_BUFFER);
        if (channel.config().getReceiveBufferSize() < CLIENT_RECEIVE_BUFFER) {
          done.tryFail("client SO_RCVBUF granted " + channel.config().getReceiveBufferSize());
          return;
        }
        startNanos = System.nanoTime();
        ticker = vertx.setPeriodic(TICK_MS, id -> tick());
      });
    }

    private void tick() {
      for (int i = 0; i < PER_TICK && next < total; i++, next++) {
        socket.send(Buffer.buffer(datagram(next, size)), port, HOST).onFailure(e -> sendFailures++);
      }
      if (next == total && ticker >= 0) {
        vertx.cancelTimer(ticker);
        ticker = -1;
        log.info("sent {} datagrams in {} ms ({} send failures)", total,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), sendFailures);
        vertx.setTimer(ANSWER_WAIT_MS, id -> finish());
      }
    }

    private void finish() {
      if (done.future().isComplete()) {
        return;
      }
      if (ticker >= 0) {
        vertx.cancelTimer(ticker);
      }
      if (sendFailures > 0) {
        done.fail(sendFailures + " datagrams could not be sent");
      } else {
        done.complete(tally.outcome());
      }
      socket.close();
    }
  }
}
