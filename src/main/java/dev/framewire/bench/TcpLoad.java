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
import io.vertx.core.net.NetSocket;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One TCP connection: messages framed with the listener's encoder, replies cut with its framer and
 * checked in order. A wrong reply is an error and stands for the message it should have answered;
 * a framing error or the server closing the connection ends this connection (its messages in flight
 * are then unanswered). Confined to the connection's event loop.
 */
final class TcpLoad extends Load implements FrameSink {
  private final NetSocket socket;
  private final FrameEncoder encoder;
  private final Framer framer;
  private Buffer batch;
  /** When the chunk being framed arrived: the reply time of every frame it completes. */
  private long arrivedAt;

  TcpLoad(int id, Tally tally, SingleWriterRecorder latency, Payloads payloads, Vertx vertx, int window, long intervalNanos, long maxMessages,
      FramingConfig framing, NetSocket socket) {
    super(id, tally, latency, payloads, vertx, window, intervalNanos, maxMessages);
    this.socket = socket;
    this.encoder = Framings.encoder(framing);
    this.framer = Framings.newFramer(framing, OversizePolicy.CLOSE, this);
    socket.handler(chunk -> {
      arrivedAt = System.nanoTime();
      framer.handle(chunk);
      refill();
    });
    socket.closeHandler(v -> {
      if (!closed && tally.phase != Tally.Phase.DRAIN) {
        tally.error(); // the server closed a connection under load
      }
      closed = true;
      stopTimer();
    });
    socket.exceptionHandler(e -> {
      // reset and the like: the close handler follows
    });
  }

  @Override
  void startBatch(int messages) {
    batch = Buffer.buffer(messages * (payloads.size() + 16)); // room for any header or delimiter
  }

  @Override
  void add(Buffer payload) {
    encoder.encode(payload, batch);
  }

  @Override
  void endBatch(int messages) {
    socket.write(batch);
    batch = null;
  }

  @Override
  public void frame(Buffer frame, boolean truncated) {
    if (inFlight == 0) {
      tally.wrongReply(); // a reply to nothing sent
      return;
    }
    if (!truncated && payloads.matches(frame, Payloads.tag(id, inFlightSeq(0)))) {
      verify(0, arrivedAt);
    } else {
      tally.answeredWrongly();
      dropOldest();
    }
  }

  @Override
  public void error(FramingException error, boolean fatal) {
    tally.error();
    if (fatal) {
      closed = true;
      stopTimer();
      socket.close();
    }
  }
}
