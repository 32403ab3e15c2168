package dev.framewire.route;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The light envelope of the loop-local fast path.
 *
 * <p>A frame read on an event loop where a {@link LoopAffinity} handler instance listens travels
 * to that instance's node-local loop address as one immutable {@link LocalFrame} object instead of
 * a body plus a header map, and its reply comes back as a {@link LocalReply}. Both use codecs whose
 * local transform hands over the same object: no header map is built or copied, no body copied.
 * Frames read in one turn of the event loop travel together as one {@link LocalBatch}, and the
 * replies given while a batch is handled come back together as {@link LocalReplies}: each frame is
 * still handled, and answered, on its own.
 * This is purely a node-local optimisation between Framewire's listeners and
 * {@code FrameHandlerVerticle}s: the public address, which any local, clustered or bridged
 * consumer can take, always carries the documented body types and {@link Envelope} headers, and
 * {@link Frame} presents both forms alike.
 */
public final class LocalEnvelope {
  static final String FRAME_CODEC = "framewire.local-frame";
  static final String REPLY_CODEC = "framewire.local-reply";

  /** Never modified (no headers are ever added), so one instance serves every send. */
  public static final DeliveryOptions FRAME_OPTIONS = new DeliveryOptions().setCodecName(FRAME_CODEC).setLocalOnly(true);
  static final DeliveryOptions REPLY_OPTIONS = new DeliveryOptions().setCodecName(REPLY_CODEC).setLocalOnly(true);

  private LocalEnvelope() {}

  /** A frame and everything the headers would say; see {@link Envelope} for each field. */
  public record LocalFrame(Object body, String listener, String protocol, String remote, String local,
      String connectionId, String connectionAddress, long seq, boolean truncated) {
  }

  /** A reply ({@code error == null}), failure, or push ({@code seq < 0}) for one connection. */
  public record LocalReply(String connectionId, long seq, Object body, String error) {
  }

  /** The frames one listener instance read in one turn of its event loop, in order: one bus message. */
  public record LocalBatch(List<LocalFrame> frames) {
  }

  /** The replies a handler gave while it handled one {@link LocalBatch}, in the order given. */
  public record LocalReplies(List<LocalReply> replies) {
  }

  /**
   * Collects the replies given synchronously while one batch is handled, so that they travel back
   * as one message; a reply given after the batch (from a timer, a callback) is sent on its own.
   */
  static final class ReplyCollector {
    private final ArrayList<LocalReply> replies = new ArrayList<>();
    private String address;
    private boolean open = true;

    /** Takes the reply if the batch is still being handled; false = send it yourself. */
    boolean offer(String connectionAddress, LocalReply reply) {
      if (!open || (address != null && !address.equals(connectionAddress))) {
        return false;
      }
      address = connectionAddress;
      replies.add(reply);
      return true;
    }

    void close(EventBus eventBus) {
      open = false;
      if (replies.size() == 1) {
        eventBus.send(address, replies.get(0), REPLY_OPTIONS);
      } else if (!replies.isEmpty()) {
        eventBus.send(address, new LocalReplies(List.copyOf(replies)), REPLY_OPTIONS);
      }
    }
  }

  static void register(EventBus eventBus) {
    eventBus.registerCodec(new SameObjectCodec<>(FRAME_CODEC));
    eventBus.registerCodec(new SameObjectCodec<>(REPLY_CODEC));
  }

  /** Local only: hands the same immutable object to the consumer; never crosses a wire. */
  private static final class SameObjectCodec<T> implements MessageCodec<T, T> {
    private final String name;

    SameObjectCodec(String name) {
      this.name = name;
    }

    @Override
    public void encodeToWire(Buffer buffer, T t) {
      throw new UnsupportedOperationException(name + " is node-local");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException(name + " is node-local");
    }

    @Override
    public T transform(T t) {
      return t;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
