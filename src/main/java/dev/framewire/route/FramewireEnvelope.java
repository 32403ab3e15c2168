package dev.framewire.route;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.ClientCertificate;
import dev.framewire.api.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The light envelope of the loop-local fast path.
 *
 * <p>A frame read on an event loop where a {@link LoopAffinity} handler instance listens travels
 * to that instance's node-local loop address as one immutable {@link FrameItem} object instead of
 * a body plus a header map, and its reply comes back as a {@link ReplyItem}. Both use codecs whose
 * local transform hands over the same object: no header map is built or copied, no body copied.
 * Frames read in one turn of the event loop travel together as one {@link FrameBatch}, and the
 * replies given while a batch is handled come back together as {@link ReplyBatch}: each frame is
 * still handled, and answered, on its own.
 * This is an optimisation between Framewire's listeners and {@code FrameHandlerVerticle}s only:
 * the public address, which any local, clustered or bridged consumer can take, always carries the
 * documented body types and {@link Envelope} headers, and {@link Frame} presents both forms alike.
 * On a cluster a listener also sends batches to the handlers of one node it chooses
 * ({@link FramewireEnvelope#nodeAddress}, {@link HandlerNodes}); across nodes the codecs write the
 * objects in a compact binary form, and replies find the listener's node whichever it is.
 */
public final class FramewireEnvelope {
  /**
   * Frames in the form every version reads: each string written whole, no client certificate. For
   * this node, and for {@code <address>#frames}, where listeners and handlers of earlier versions
   * meet (a cluster is upgraded one node at a time).
   */
  static final String FRAME_CODEC = "framewire.local-frame";
  /**
   * Frames in the compact form, to {@code <address>#frames@<node>}, which only handlers of this
   * version consume: strings equal to the previous frame's written once, and the client certificate.
   */
  static final String NODE_FRAME_CODEC = "framewire.node-frames";
  /** Replies, in the form every version reads (a handler cannot tell which version sent the frames). */
  static final String REPLY_CODEC = "framewire.local-reply";

  /** Never modified (no headers are ever added), so one instance serves every send. */
  static final DeliveryOptions FRAME_OPTIONS = new DeliveryOptions().setCodecName(FRAME_CODEC).setLocalOnly(true);
  /** The same envelope to {@code <address>#frames}, on any node; never modified. */
  static final DeliveryOptions REMOTE_FRAME_OPTIONS = new DeliveryOptions().setCodecName(FRAME_CODEC);
  /** The same envelope to the handlers of a chosen node, this one or another; never modified. */
  static final DeliveryOptions NODE_FRAME_OPTIONS = new DeliveryOptions().setCodecName(NODE_FRAME_CODEC);
  /** Replies go back to the listener's node, whichever it is; never modified, never handed out. */
  private static final DeliveryOptions REPLY_OPTIONS = new DeliveryOptions().setCodecName(REPLY_CODEC);

  private FramewireEnvelope() {}

  /** A frame and everything the headers would say; see {@link Envelope} for each field. */
  public record FrameItem(Object body, String listener, String protocol, String remote, String local,
      String connectionId, String connectionAddress, long seq, boolean truncated, ClientCertificate client) {

    /** A frame from a connection without a TLS client certificate. */
    public FrameItem(Object body, String listener, String protocol, String remote, String local,
        String connectionId, String connectionAddress, long seq, boolean truncated) {
      this(body, listener, protocol, remote, local, connectionId, connectionAddress, seq, truncated, null);
    }
  }

  /** A reply ({@code error == null}), failure, or push ({@code seq < 0}) for one connection. */
  public record ReplyItem(String connectionId, long seq, Object body, String error) {
  }

  /** The frames one listener instance read in one turn of its event loop, in order: one bus message. */
  public record FrameBatch(List<FrameItem> frames) {
  }

  /** The replies a handler gave while it handled one {@link FrameBatch}, in the order given. */
  public record ReplyBatch(List<ReplyItem> replies) {
  }

  /**
   * Collects the replies given synchronously while one batch is handled, so that they travel back
   * as one message; a reply given after the batch (from a timer, a callback) is sent on its own.
   */
  public static final class ReplyCollector {
    private final ArrayList<ReplyItem> replies = new ArrayList<>();
    private String address;
    private boolean open = true;

    public ReplyCollector() {}

    /** Takes the reply if the batch is still being handled; false = send it yourself. */
    public boolean offer(String connectionAddress, ReplyItem reply) {
      if (!open || (address != null && !address.equals(connectionAddress))) {
        return false;
      }
      address = connectionAddress;
      replies.add(reply);
      return true;
    }

    public void close(EventBus eventBus) {
      open = false;
      if (replies.size() == 1) {
        eventBus.send(address, replies.get(0), REPLY_OPTIONS);
      } else if (!replies.isEmpty()) {
        eventBus.send(address, new ReplyBatch(List.copyOf(replies)), REPLY_OPTIONS);
      }
    }
  }

  static final String BATCH_SUFFIX = "#frames";
  static final String MARK_SUFFIX = "#framewire";

  /**
   * Where {@code FrameHandlerVerticle}s on every node also take frames in Framewire's own binary
   * envelope, from listeners of earlier versions that asked for {@code remoteBatching}, which
   * sent there: kept so that a cluster can be upgraded one node at a time.
   */
  public static String batchAddress(String address) {
    return address + BATCH_SUFFIX;
  }

  /**
   * What every {@code FrameHandlerVerticle} instance set up by Framewire also consumes: the mark
   * by which {@link HandlerNodes} tells a Framewire handler (which takes batches at its
   * {@link #nodeAddress}) from any other consumer of {@code address}. Nothing is ever sent there.
   * (A new name: handlers of earlier versions, which have no node address, count as other consumers.)
   */
  public static String markAddress(String address) {
    return address + MARK_SUFFIX;
  }

  /**
   * Where the {@code FrameHandlerVerticle}s of node {@code nodeId} take frames of {@code address}
   * in Framewire's own binary envelope, the frames of one read as one message: a listener that
   * sends there chose the node itself ({@link FrameSender}), so it knows where its frames are.
   */
  public static String nodeAddress(String address, String nodeId) {
    return address + BATCH_SUFFIX + "@" + nodeId;
  }

  /**
   * The address of one listener instance's connections (its frames' {@code fw.conn-address}):
   * under the {@code framewire.} prefix of {@link Envelope#broadcastAddress}.
   */
  public static String connectionAddress(String nodeId, String listener, int instance) {
    return "framewire.conn." + nodeId + "." + listener + "." + instance;
  }

  /** Sends one reply on its own to the listener instance at {@code connectionAddress}. */
  public static void send(EventBus eventBus, String connectionAddress, ReplyItem reply) {
    eventBus.send(connectionAddress, reply, REPLY_OPTIONS);
  }

  static void register(EventBus eventBus) {
    eventBus.registerCodec(new FrameCodec(FRAME_CODEC, false));
    eventBus.registerCodec(new FrameCodec(NODE_FRAME_CODEC, true));
    eventBus.registerCodec(new ReplyCodec());
  }

  /**
   * Hands the same immutable object to a consumer on this node; across nodes ({@link FrameSender})
   * writes it in a compact binary form. Bodies are those of the envelope:
   * {@code Buffer}, {@code String}, {@code JsonObject}, {@code JsonArray}, {@code byte[]}, or none.
   */
  abstract static class WireCodec implements MessageCodec<Object, Object> {
    private static final byte NONE = 0;
    private static final byte BUFFER = 1;
    private static final byte STRING = 2;
    private static final byte JSON_OBJECT = 3;
    private static final byte JSON_ARRAY = 4;
    private static final byte BYTES = 5;

    @Override
    public Object transform(Object o) {
      return o;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }

    /** Whether {@code body} can cross the wire. */
    static boolean wireable(Object body) {
      return body == null || body instanceof Buffer || body instanceof String || body instanceof JsonObject
          || body instanceof JsonArray || body instanceof byte[];
    }

    static void writeBody(Buffer out, Object body) {
      if (body == null) {
        out.appendByte(NONE);
      } else if (body instanceof Buffer b) {
        out.appendByte(BUFFER).appendInt(b.length()).appendBuffer(b);
      } else if (body instanceof String text) {
        writeBytes(out.appendByte(STRING), text.getBytes(StandardCharsets.UTF_8));
      } else if (body instanceof JsonObject o) {
        writeBytes(out.appendByte(JSON_OBJECT), o.toBuffer().getBytes());
      } else if (body instanceof JsonArray a) {
        writeBytes(out.appendByte(JSON_ARRAY), a.toBuffer().getBytes());
      } else if (body instanceof byte[] bytes) {
        writeBytes(out.appendByte(BYTES), bytes);
      } else {
        throw new IllegalArgumentException("a body of type " + body.getClass().getName() + " cannot cross nodes");
      }
    }

    /** Reads a body at {@code pos[0]}, advancing it. */
    static Object readBody(Buffer in, int[] pos) {
      byte type = in.getByte(pos[0]++);
      if (type == NONE) {
        return null;
      }
      int length = in.getInt(pos[0]);
      pos[0] += 4;
      Buffer bytes = in.getBuffer(pos[0], pos[0] + length);
      pos[0] += length;
      return switch (type) {
        case BUFFER -> bytes;
        case STRING -> bytes.toString(StandardCharsets.UTF_8);
        case JSON_OBJECT -> new JsonObject(bytes);
        case JSON_ARRAY -> new JsonArray(bytes);
        case BYTES -> bytes.getBytes();
        default -> throw new IllegalStateException("unknown body type " + type);
      };
    }

    /** The length written in place of a string equal to the one before it (in the previous item). */
    private static final int SAME = -2;

    static void writeString(Buffer out, String text) {
      writeString(out, text, null);
    }

    /**
     * Writes {@code text}, or only a mark when it equals {@code previous} (the same field of the
     * previous item of a list): the frames of one read share their listener, connection and
     * addresses, which are then written, and read, once.
     */
    static void writeString(Buffer out, String text, String previous) {
      if (text == null) {
        out.appendInt(-1);
      } else if (previous != null && (text == previous || text.equals(previous))) {
        out.appendInt(SAME);
      } else {
        writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
      }
    }

    static String readString(Buffer in, int[] pos) {
      return readString(in, pos, null);
    }

    /** Reads what {@link #writeString(Buffer, String, String)} wrote; {@code previous} as given there. */
    static String readString(Buffer in, int[] pos, String previous) {
      int length = in.getInt(pos[0]);
      pos[0] += 4;
      if (length == SAME) {
        return previous;
      }
      if (length < 0) {
        return null;
      }
      String text = in.getString(pos[0], pos[0] + length, "UTF-8");
      pos[0] += length;
      return text;
    }

    private static void writeBytes(Buffer out, byte[] bytes) {
      out.appendInt(bytes.length).appendBytes(bytes);
    }
  }

  /** One item, or a list of them in one message: a frame or a batch, a reply or replies. */
  abstract static class ItemCodec<E> extends WireCodec {
    private static final byte ONE = 1;
    private static final byte MANY = 2;
    private final Class<E> itemType;
    private final String name;

    ItemCodec(Class<E> itemType, String name) {
      this.itemType = itemType;
      this.name = name;
    }

    abstract List<E> items(Object many);

    abstract Object many(List<E> items);

    /** Writes {@code item}; {@code previous} is the item before it in the list, or null. */
    abstract void write(Buffer out, E item, E previous);

    /** Reads an item; {@code previous} is the item read before it in the list, or null. */
    abstract E read(Buffer in, int[] at, E previous);

    @Override
    public void encodeToWire(Buffer buffer, Object o) {
      if (itemType.isInstance(o)) {
        write(buffer.appendByte(ONE), itemType.cast(o), null);
      } else {
        List<E> items = items(o);
        buffer.appendByte(MANY).appendInt(items.size());
        E previous = null;
        for (E item : items) {
          write(buffer, item, previous);
          previous = item;
        }
      }
    }

    @Override
    public Object decodeFromWire(int pos, Buffer buffer) {
      int[] at = {pos + 1};
      if (buffer.getByte(pos) == ONE) {
        return read(buffer, at, null);
      }
      int n = buffer.getInt(at[0]);
      at[0] += 4;
      List<E> items = new ArrayList<>(n);
      E previous = null;
      for (int i = 0; i < n; i++) {
        previous = read(buffer, at, previous);
        items.add(previous);
      }
      return many(items);
    }

    @Override
    public String name() {
      return name;
    }
  }

  /**
   * {@link FrameItem} or {@link FrameBatch}. The byte after {@code seq} holds flags: {@link #TRUNCATED},
   * and {@link #CLIENT} when the client certificate's five strings follow it. Compact
   * ({@link #NODE_FRAME_CODEC}): strings equal to the previous frame's are written once, and the
   * certificate goes too; else ({@link #FRAME_CODEC}) the form of earlier versions, which read
   * every string whole and take any flag for {@code truncated}. Either reads both.
   */
  static final class FrameCodec extends ItemCodec<FrameItem> {
    private static final int TRUNCATED = 1;
    private static final int CLIENT = 2;
    private final boolean compact;

    FrameCodec(String name, boolean compact) {
      super(FrameItem.class, name);
      this.compact = compact;
    }

    @Override
    List<FrameItem> items(Object many) {
      return ((FrameBatch) many).frames();
    }

    @Override
    Object many(List<FrameItem> items) {
      return new FrameBatch(items);
    }

    @Override
    void write(Buffer out, FrameItem f, FrameItem p) {
      boolean first = p == null || !compact;
      writeString(out, f.listener(), first ? null : p.listener());
      writeString(out, f.protocol(), first ? null : p.protocol());
      writeString(out, f.remote(), first ? null : p.remote());
      writeString(out, f.local(), first ? null : p.local());
      writeString(out, f.connectionId(), first ? null : p.connectionId());
      writeString(out, f.connectionAddress(), first ? null : p.connectionAddress());
      ClientCertificate c = compact ? f.client() : null;
      out.appendLong(f.seq()).appendByte((byte) ((f.truncated() ? TRUNCATED : 0) | (c != null ? CLIENT : 0)));
      if (c != null) {
        ClientCertificate pc = first ? null : p.client();
        writeString(out, c.subject(), pc == null ? null : pc.subject());
        writeString(out, c.issuer(), pc == null ? null : pc.issuer());
        writeString(out, c.san(), pc == null ? null : pc.san());
        writeString(out, c.serial(), pc == null ? null : pc.serial());
        writeString(out, c.fingerprint(), pc == null ? null : pc.fingerprint());
      }
      writeBody(out, f.body());
    }

    @Override
    FrameItem read(Buffer in, int[] at, FrameItem p) {
      boolean first = p == null;
      String listener = readString(in, at, first ? null : p.listener());
      String protocol = readString(in, at, first ? null : p.protocol());
      String remote = readString(in, at, first ? null : p.remote());
      String local = readString(in, at, first ? null : p.local());
      String connectionId = readString(in, at, first ? null : p.connectionId());
      String connectionAddress = readString(in, at, first ? null : p.connectionAddress());
      long seq = in.getLong(at[0]);
      byte flags = in.getByte(at[0] + 8);
      at[0] += 9;
      ClientCertificate client = null;
      if ((flags & CLIENT) != 0) {
        ClientCertificate pc = first ? null : p.client();
        // the same connection's frames share one certificate: written, and read, once (a field
        // written as the previous frame's is read as that very string, so the previous
        // certificate is kept, not made again)
        String subject = readString(in, at, pc == null ? null : pc.subject());
        String issuer = readString(in, at, pc == null ? null : pc.issuer());
        String san = readString(in, at, pc == null ? null : pc.san());
        String serial = readString(in, at, pc == null ? null : pc.serial());
        String fingerprint = readString(in, at, pc == null ? null : pc.fingerprint());
        client = pc != null && subject == pc.subject() && issuer == pc.issuer() && san == pc.san()
            && serial == pc.serial() && fingerprint == pc.fingerprint()
            ? pc : new ClientCertificate(subject, issuer, san, serial, fingerprint);
      }
      return new FrameItem(readBody(in, at), listener, protocol, remote, local, connectionId, connectionAddress,
          seq, (flags & TRUNCATED) != 0, client);
    }
  }

  /** {@link ReplyItem} or {@link ReplyBatch}. */
  static final class ReplyCodec extends ItemCodec<ReplyItem> {
    ReplyCodec() {
      super(ReplyItem.class, REPLY_CODEC);
    }

    @Override
    List<ReplyItem> items(Object many) {
      return ((ReplyBatch) many).replies();
    }

    @Override
    Object many(List<ReplyItem> items) {
      return new ReplyBatch(items);
    }

    @Override
    void write(Buffer out, ReplyItem r, ReplyItem p) {
      // a body that cannot cross nodes travels as the failure the listener would have made of it
      boolean bad = !wireable(r.body());
      writeString(out, r.connectionId());  // whole: listeners of earlier versions read no other form
      out.appendLong(r.seq());
      writeString(out, bad ? Envelope.BAD_REPLY : r.error());
      writeBody(out, bad ? "a reply of type " + r.body().getClass().getName() + " cannot cross nodes" : r.body());
    }

    @Override
    ReplyItem read(Buffer in, int[] at, ReplyItem p) {
      String connectionId = readString(in, at);
      long seq = in.getLong(at[0]);
      at[0] += 8;
      String error = readString(in, at);
      return new ReplyItem(connectionId, seq, readBody(in, at), error);
    }
  }
}
