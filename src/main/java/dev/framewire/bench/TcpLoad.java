package dev.framewire.bench;

import dev.framewire.config.FramingConfig;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.Framings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One TCP connection: messages framed with the listener's encoder; the replies, which an echo
 * server returns byte for byte in order, compared with the bytes sent as they stream in, frame by
 * frame (no delimiter search: the generator knows where each frame it sent ends, and must not
 * spend on cutting replies the CPU the server it measures shares). A reply with any byte wrong is
 * an error and stands for the message it should have answered; the server closing the connection
 * ends it (its messages in flight are then unanswered). Confined to the connection's event loop.
 */
final class TcpLoad extends Load {
  private final NetSocket socket;
  private final FrameEncoder encoder;
  private Buffer batch;
  /** The bytes sent and not yet echoed, batch by batch; {@link #expectedPos} into the first. */
  private final ArrayDeque<byte[]> expected = new ArrayDeque<>();
  private int expectedPos;
  /** Framed length of each message in flight, oldest at {@link #lengthHead} (a ring as large as the window). */
  private final int[] lengths;
  private int lengthHead;
  private int lengthCount;
  /** Bytes of the oldest message's reply received so far, and whether all matched. */
  private int received;
  private boolean matching = true;

  TcpLoad(int id, Tally tally, SingleWriterRecorder latency, Payloads payloads, Vertx vertx, int window, long intervalNanos, long maxMessages,
      FramingConfig framing, NetSocket socket) {
    super(id, tally, latency, payloads, vertx, window, intervalNanos, maxMessages);
    this.socket = socket;
    this.encoder = Framings.encoder(framing);
    this.lengths = new int[window];
    socket.handler(chunk -> {
      onReplies(chunk.getBytes(), System.nanoTime());
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
    int before = batch.length();
    encoder.encode(payload, batch);
    lengths[(lengthHead + lengthCount) % lengths.length] = batch.length() - before;
    lengthCount++;
  }

  @Override
  void endBatch(int messages) {
    expected.addLast(batch.getBytes());
    socket.write(batch);  // the buffer just built, never written to again: no second copy
    batch = null;
  }

  /** Compares {@code in}, read at {@code arrivedAt}, with what is owed, completing each reply it ends. */
  private void onReplies(byte[] in, long arrivedAt) {
    int i = 0;
    while (i < in.length) {
      if (lengthCount == 0) {
        tally.wrongReply(); // bytes answering nothing sent: counted once per read
        return;
      }
      byte[] owed = expected.peekFirst();
      int n = Math.min(in.length - i, Math.min(owed.length - expectedPos, lengths[lengthHead] - received));
      if (matching && Arrays.mismatch(in, i, i + n, owed, expectedPos, expectedPos + n) >= 0) {
        matching = false;
      }
      i += n;
      received += n;
      expectedPos += n;
      if (expectedPos == owed.length) {
        expected.pollFirst();
        expectedPos = 0;
      }
      if (received == lengths[lengthHead]) {
        if (matching) {
          verify(0, arrivedAt);
        } else {
          tally.answeredWrongly();
          dropOldest();
        }
        lengthHead = (lengthHead + 1) % lengths.length;
        lengthCount--;
        received = 0;
        matching = true;
      }
    }
  }
}
