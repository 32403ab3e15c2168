package dev.framewire.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.framewire.api.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frames a bridge peer was given and has not answered yet, so that when its connection ends
 * they can be answered at once (a failure) instead of after the listener's {@code replyTimeout}.
 *
 * <p>It watches the bridge's writes to the peer for frames awaiting a reply (a {@code message}
 * with headers {@code fw.conn-address}, {@code fw.conn} and {@code fw.seq}) and the peer's replies,
 * told by {@link BridgeFrameGuard}, which parses them anyway: a send with those headers
 * ({@link #answered}) or to the frame's {@code replyAddress} ({@link #sentTo}), the bridge's own reply. At most
 * {@value #MAX_TRACKED} frames are tracked per peer, the oldest forgotten first: a frame
 * forgotten, or answered after the listener gave up on it, simply ends by the listener's timeout.
 *
 * <p>One instance per connection, confined to its event loop.
 */
final class BridgePeerFrames extends ChannelOutboundHandlerAdapter {
  static final String NAME = "framewire-bridge-peer-frames";
  static final int MAX_TRACKED = 65_536;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A frame handed to the peer: where its failure goes. */
  record Unanswered(String connectionAddress, String connectionId, String seq) {
    /** The frame whose headers are {@code headers}, or {@code null} when they name no frame awaiting a reply. */
    static Unanswered of(MultiMap headers) {
      String connectionAddress = headers.get(Envelope.CONNECTION_ADDRESS);
      String connectionId = headers.get(Envelope.CONNECTION_ID);
      String seq = headers.get(Envelope.SEQUENCE);
      return connectionAddress == null || connectionId == null || seq == null
          ? null : new Unanswered(connectionAddress, connectionId, seq);
    }
  }

  private final Map<String, Unanswered> unanswered = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Unanswered> eldest) {
      if (size() > MAX_TRACKED) {
        byReplyAddress.values().remove(eldest.getKey());
        return true;
      }
      return false;
    }
  };
  /** A frame's reply address (it was sent as a request) → its key in {@link #unanswered}. */
  private final Map<String, String> byReplyAddress = new HashMap<>();
  /** Counts every message delivered to the peer (the TCP bridge raises no event for them). */
  private final LongAdder delivered;

  BridgePeerFrames(LongAdder delivered) {
    this.delivered = delivered;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof ByteBuf frame && frame.readableBytes() > 4) {
      track(frame);
    }
    ctx.write(msg, promise);
  }

  private void track(ByteBuf frame) {
    JsonNode message;
    try (InputStream json = new ByteBufInputStream(frame.duplicate().skipBytes(4))) {
      message = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      return;  // the bridge's own frames are JSON; anything else is not a frame to track
    }
    if (message == null || !"message".equals(message.path("type").asText())) {
      return;
    }
    delivered.increment();
    JsonNode headers = message.path("headers");
    String seq = headers.path(Envelope.SEQUENCE).asText(null);
    String connectionId = headers.path(Envelope.CONNECTION_ID).asText(null);
    String connectionAddress = headers.path(Envelope.CONNECTION_ADDRESS).asText(null);
    if (seq != null && connectionId != null && connectionAddress != null) {
      String key = key(connectionId, seq);
      String replyAddress = message.path("replyAddress").asText(null);
      if (replyAddress != null) {
        byReplyAddress.put(replyAddress, key);
      }
      unanswered.put(key, new Unanswered(connectionAddress, connectionId, seq));
    }
  }

  /** The peer replied to (or failed) frame {@code seq} of connection {@code connectionId}. */
  void answered(String connectionId, String seq) {
    if (!unanswered.isEmpty()) {
      unanswered.remove(key(connectionId, seq));
    }
  }

  /** The peer sent to {@code address}: when that is a frame's reply address, it answered that frame. */
  void sentTo(String address) {
    if (!byReplyAddress.isEmpty()) {
      String key = byReplyAddress.remove(address);
      if (key != null) {
        unanswered.remove(key);
      }
    }
  }

  /** The frames given and not answered, in the order given; forgets them. */
  List<Unanswered> drain() {
    List<Unanswered> all = new ArrayList<>(unanswered.values());
    unanswered.clear();
    byReplyAddress.clear();
    return all;
  }

  private static String key(String connectionId, String seq) {
    return connectionId + '#' + seq;
  }
}
