package dev.framewire.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.framewire.config.BridgeConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Put in front of the bridge's own frame parser on each connection, which trusts a peer's 4-byte
 * length without bound and loses its footing on frames it cannot handle.
 *
 * <p>Netty's length-field decoder checks each announced length as soon as its 4 bytes are in and
 * buffers at most {@code maxFrameLength} of a frame; a larger announcement gets one error frame and
 * the connection is closed before any of that frame's body is buffered:
 * <pre>
 * peer: 00 00 00 0F {"type":"ping"}        → passed on whole, prefix included
 * peer: 7F FF FF FF ...                    → {"type":"err","message":"frame too large: ..."}, closed
 * </pre>
 *
 * <p>Each whole frame is then checked for what would make the bridge throw in the middle of its
 * parser, after which it reads the rest of the connection as garbage without a word (and keeps
 * the peer's registrations): JSON that is not an object, a missing or unknown {@code type}, an
 * address or reply address that is not a string, headers that are not an object or whose
 * delivery options ({@code timeout}, {@code localOnly}) have the wrong type, a {@code codecName}
 * (peers send JSON; naming a codec could only break delivery), and a second {@code register} of
 * one address on one connection (the bridge would leak the first consumer, which keeps taking
 * frames after the peer is gone). Such a frame is answered
 * {@code {"type":"err","message":"invalid frame: ..."}} and dropped; the connection goes on.
 *
 * <p>One instance per connection, confined to its event loop.
 */
final class BridgeFrameGuard extends LengthFieldBasedFrameDecoder {
  static final String NAME = "framewire-bridge-guard";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  /** Told why a frame was refused, and whether the connection is being closed for it. */
  interface Refusals {
    void refused(String reason, boolean closing);
  }

  private final BridgeConfig config;
  private final Refusals refusals;
  private final BridgePeerFrames peerFrames;
  /** Set by a frame too large: the connection is being closed; nothing more is decoded. */
  private boolean closing;
  /** Addresses this connection has registered on (and the bridge has permitted). */
  private final Set<String> registered = new HashSet<>();

  /** @param peerFrames told of each reply the peer sends, so that it stops tracking that frame */
  BridgeFrameGuard(BridgeConfig config, Refusals refusals, BridgePeerFrames peerFrames) {
    // the limit counts the 4-byte prefix too; failFast: reject at the header, not after buffering
    super(config.maxFrameLength() + 4, 0, 4, 0, 0, true);
    this.config = config;
    this.refusals = refusals;
    this.peerFrames = peerFrames;
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (closing) {
      // closed for a frame too large: what came behind it (same read, or read before the close
      // completes) is neither passed on nor answered
      in.skipBytes(in.readableBytes());
      return null;
    }
    ByteBuf frame;
    try {
      frame = (ByteBuf) super.decode(ctx, in);
    } catch (TooLongFrameException e) {
      closing = true;
      throw e;
    }
    if (frame == null) {
      return null;
    }
    String problem = check(frame);
    if (problem == null) {
      return frame;
    }
    frame.release();
    refusals.refused("invalid frame: " + problem, false);
    ctx.writeAndFlush(errorFrame("invalid frame: " + problem));
    return null;
  }

  /** Bytes received and not yet passed on or discarded (for tests: at most one frame's worth). */
  int bufferedBytes() {
    return actualReadableBytes();
  }

  /** Null when the bridge can handle {@code frame}, else what is wrong with it. */
  private String check(ByteBuf frame) {
    JsonNode message;
    try (ByteBufInputStream json = new ByteBufInputStream(frame.duplicate().skipBytes(4))) {
      message = MAPPER.readTree((java.io.InputStream) json);
    } catch (IOException e) {
      return "not JSON";
    }
    if (message == null || !message.isObject()) {
      return "not a JSON object";
    }
    JsonNode type = message.get("type");
    if (type == null || !type.isTextual()) {
      return "type must be one of " + String.join(", ", TYPES.stream().sorted().toList());
    }
    if (!TYPES.contains(type.asText())) {
      return "unknown type " + shorten(type.asText());
    }
    JsonNode address = message.get("address");
    if (address != null && !address.isTextual() && !address.isNull()) {
      return "address must be a string";
    }
    JsonNode replyAddress = message.get("replyAddress");
    if (replyAddress != null && !replyAddress.isTextual() && !replyAddress.isNull()) {
      return "replyAddress must be a string";
    }
    JsonNode failureCode = message.get("failureCode");
    if (failureCode != null && !failureCode.isInt() && !failureCode.isNull()) {
      return "failureCode must be an integer";
    }
    String headers = checkHeaders(message.get("headers"));
    if (headers != null) {
      return headers;
    }
    if (type.asText().equals("send")) {
      JsonNode replyHeaders = message.path("headers");
      String seq = replyHeaders.path("fw.seq").asText(null);
      String connectionId = replyHeaders.path("fw.conn").asText(null);
      if (seq != null && connectionId != null) {
        peerFrames.answered(connectionId, seq);
      }
      if (address != null && address.isTextual()) {
        peerFrames.sentTo(address.asText());
      }
    }
    if (address != null && address.isTextual()) {
      String target = address.asText();
      if (type.asText().equals("register") && config.permitsOutbound(target) && !registered.add(target)) {
        return "already registered on " + shorten(target) + " on this connection";
      }
      if (type.asText().equals("unregister")) {
        registered.remove(target);
      }
    }
    return null;
  }

  private static String checkHeaders(JsonNode headers) {
    if (headers == null || headers.isNull()) {
      return null;
    }
    if (!headers.isObject()) {
      return "headers must be an object";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      JsonNode value = header.getValue();
      switch (header.getKey()) {
        case "timeout" -> {
          if (!value.isIntegralNumber()) {
            return "header timeout must be a whole number of milliseconds";
          }
        }
        case "localOnly" -> {
          if (!value.isBoolean()) {
            return "header localOnly must be true or false";
          }
        }
        case "codecName" -> {
          return "header codecName is not allowed";
        }
        default -> {
          if (value.isContainerNode()) {
            return "header " + shorten(header.getKey()) + " must be a string";
          }
        }
      }
    }
    return null;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!(cause instanceof TooLongFrameException)) {
      super.exceptionCaught(ctx, cause);
      return;
    }
    String reason = "frame too large: " + announced(cause) + " (limit " + config.maxFrameLength() + " bytes)";
    refusals.refused(reason, true);
    ctx.writeAndFlush(errorFrame(reason)).addListener(ChannelFutureListener.CLOSE);
  }

  /** The bridge's error frame: {@code {"type":"err","message":...}}. */
  private static ByteBuf errorFrame(String message) {
    byte[] json = new JsonObject().put("type", "err").put("message", message).encode()
        .getBytes(StandardCharsets.UTF_8);
    return Unpooled.buffer(4 + json.length).writeInt(json.length).writeBytes(json);
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  /** Netty says "Adjusted frame length exceeds 1048580: 2147483651 - discarded": keep the peer's figure. */
  private static String announced(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    int colon = message.lastIndexOf(": ");
    int dash = message.indexOf(" - ", colon + 1);
    if (colon < 0 || dash < 0) {
      return "announced more than the limit";
    }
    try {
      long withPrefix = Long.parseLong(message.substring(colon + 2, dash).trim());
      return "announced " + (withPrefix - 4) + " bytes";
    } catch (NumberFormatException e) {
      return "announced more than the limit";
    }
  }
}
