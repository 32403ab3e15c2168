package dev.framewire.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Closes a bridge connection whose peer stops reading while messages for it pile up. The bridge
 * writes every message for a peer without looking at its write queue, so without this a peer
 * registered on a busy address that never reads would make Framewire buffer without bound.
 *
 * <p>The connection's write queue is given a high-water mark of {@value #SLOW_PEER_BYTES} bytes
 * (the bound listeners use for clients that stop reading), and the moment the channel turns
 * unwritable, that much is waiting for the peer: the connection is closed. (Past the mark Vert.x
 * would hold further writes in a queue of its own, unbounded.)
 */
final class BridgeSlowPeerGuard extends ChannelInboundHandlerAdapter {
  static final String NAME = "framewire-bridge-slow-peer";
  static final int SLOW_PEER_BYTES = 8 * 1024 * 1024;

  private final Runnable onClose;
  private boolean closing;

  /** @param onClose told once, when the connection is closed for this */
  BridgeSlowPeerGuard(Runnable onClose) {
    this.onClose = onClose;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    super.channelWritabilityChanged(ctx);
    if (!closing && !ctx.channel().isWritable()) {
      closing = true;
      onClose.run();
      ctx.close();
    }
  }
}
