package dev.framewire.bench;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.OversizePolicy;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.FrameSink;
import dev.framewire.framing.Framer;
import dev.framewire.framing.FramingException;
import dev.framewire.framing.Framings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import dev.framewire.transport.VertxInternals;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One UDP socket: each message one datagram, each reply datagram checked byte for byte against the
 * messages in flight. Datagrams may be reordered (a server may answer from several event loops)
 * and lost: a message unanswered for the reply timeout counts as lost. A reply that matches no
 * message in flight is an error. Confined to the socket's event loop.
 *
 * <p>Datagrams are written at the socket's channel, as the UDP listener writes its replies, so that
 * a batch leaves in one flush (one {@code sendmmsg} on epoll) instead of one flush each.
 */
final class UdpLoad extends Load implements FrameSink {
  private final DatagramChannel channel;
  private final InetSocketAddress target;
  private final FrameEncoder encoder;
  private final Framer framer;
  private final long replyTimeoutNanos;
  /** When the datagram being framed arrived. */
  private long arrivedAt;

  UdpLoad(int id, Tally tally, SingleWriterRecorder latency, Payloads payloads, Vertx vertx, int window, long intervalNanos, long maxMessages,
      FramingConfig framing, DatagramSocket socket, String host, int port, long replyTimeoutNanos) {
    super(id, tally, latency, payloads, vertx, window, intervalNanos, maxMessages);
    this.channel = VertxInternals.channel(socket);
    this.target = new InetSocketAddress(host, port); // an IP literal: no lookup
    this.encoder = Framings.encoder(framing);
    this.framer = Framings.newFramer(framing, OversizePolicy.CLOSE, this);
    this.replyTimeoutNanos = replyTimeoutNanos;
    socket.handler(packet -> {
      arrivedAt = System.nanoTime();
      framer.handle(packet.data());
      refill();
    });
    socket.exceptionHandler(e -> tally.error());
    vertx.setPeriodic(Math.max(1, replyTimeoutNanos / 4_000_000), t -> expire());
  }

  private void expire() {
    int n = expire(System.nanoTime(), replyTimeoutNanos);
    if (n > 0) {
      tally.lost(n);
      refill();
    }
  }

  @Override
  void startBatch(int messages) {}

  @Override
  void add(Buffer payload) {
    // a failed write reaches the exception handler
    channel.write(new DatagramPacket(VertxInternals.byteBuf(encoder.encode(payload)), target), channel.voidPromise());
  }

  @Override
  void endBatch(int messages) {
    channel.flush();
  }

  @Override
  public void frame(Buffer frame, boolean truncated) {
    for (int k = 0; k < inFlight && !truncated; k++) {
      if (!isAnswered(k) && payloads.matches(frame, Payloads.tag(id, inFlightSeq(k)))) {
        verify(k, arrivedAt);
        return;
      }
    }
    tally.wrongReply(); // corrupt, a duplicate, or the reply to a message already given up as lost
  }

  @Override
  public void error(FramingException error, boolean fatal) {
    tally.error(); // a datagram framer carries on with the next datagram
  }
}
