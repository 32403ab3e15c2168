package dev.framewire.route;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The light envelope of the loop-local fast path.
 *
 * <p>A frame read on an event loop where a {@link LoopAffinity} handler instance listens travels
 * to that instance's node-local loop address as one immutable {@link LocalFrame} object instead of
 * a body plus a header map, and its reply comes back as a {@link LocalReply}. Both use codecs whose
 * local transform hands over the same object: no header map is built or copied, no body copied.
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
