package dev.framewire.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Put in front of the bridge's own frame parser, which trusts a peer's 4-byte length prefix
 * without bound. Netty's length-field decoder checks each announced length as soon as the 4 bytes
 * are in and buffers at most {@code maxFrameLength} of a frame; it passes whole frames on, prefix
 * included, so the bridge parses exactly what the peer sent.
 *
 * <pre>
 * peer: 00 00 00 0F {"type":"ping"}        → passed on as one frame
 * peer: 7F FF FF FF ...                    → {"type":"err","message":"frame too large: ..."}, closed
 * </pre>
 *
 * A peer announcing more than the limit gets one error frame and its connection is closed before
 * any of that frame's body is buffered; the bridge then drops the peer's registrations.
 */
final class BridgeFrameLimit extends LengthFieldBasedFrameDecoder {
  static final String NAME = "framewire-bridge-limit";

  private final int maxFrameLength;
  private final Consumer<String> onOversize;

  /**
   * @param maxFrameLength the largest body (JSON) length a peer may announce
   * @param onOversize told the reason when a connection is closed for an oversized frame
   */
  BridgeFrameLimit(int maxFrameLength, Consumer<String> onOversize) {
    // the limit counts the 4-byte prefix too; failFast: reject at the header, not after buffering
    super(maxFrameLength + 4, 0, 4, 0, 0, true);
    this.maxFrameLength = maxFrameLength;
    this.onOversize = onOversize;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!(cause instanceof TooLongFrameException)) {
      super.exceptionCaught(ctx, cause);
      return;
    }
    String reason = "frame too large: " + announced(cause) + " (limit " + maxFrameLength + " bytes)";
    onOversize.accept(reason);
    byte[] json = new JsonObject().put("type", "err").put("message", reason).encode()
        .getBytes(StandardCharsets.UTF_8);
    ByteBuf frame = Unpooled.buffer(4 + json.length).writeInt(json.length).writeBytes(json);
    ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
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
