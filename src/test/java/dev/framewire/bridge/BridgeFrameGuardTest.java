package dev.framewire.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.BridgeConfig;
import dev.framewire.config.PermittedAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The bridge's frame guard on its own (an {@link EmbeddedChannel}), for cases a socket test cannot time. */
class BridgeFrameGuardTest {
  private static final int MAX = BridgeConfig.MIN_FRAME_LENGTH;

  private final List<String> refusals = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel(new BridgeFrameGuard(
      new BridgeConfig("127.0.0.1", 0, List.of(PermittedAddress.regex(".*")),
          List.of(PermittedAddress.regex(".*")), MAX, null),
      (reason, closing) -> refusals.add((closing ? "closing: " : "") + reason),
      new BridgePeerFrames(new LongAdder())));

  private static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return Unpooled.buffer().writeInt(body.length).writeBytes(body).array().clone();
  }

  private static ByteBuf frames(byte[]... frames) {
    ByteBuf all = Unpooled.buffer();
    for (byte[] frame : frames) {
      all.writeBytes(frame, 0, frame.length);
    }
    return all;
  }

  /**
   * Frames that arrived behind one announcing too much, in the same read, are not passed on nor
   * refused one by one: the connection is being closed for the first.
   */
  @Test
  void nothingAfterAFrameTooLargeReachesTheBridge() {
    ByteBuf tooLarge = Unpooled.buffer().writeInt(MAX + 1).writeBytes(new byte[MAX + 1]);
    byte[] bytes = new byte[tooLarge.readableBytes()];
    tooLarge.readBytes(bytes);
    byte[] ping = java.util.Arrays.copyOf(frame("{\"type\":\"ping\"}"), 4 + 15);
    byte[] invalid = java.util.Arrays.copyOf(frame("[1]"), 4 + 3);
    channel.writeInbound(frames(bytes, ping, invalid));

    assertThat((Object) channel.readInbound()).as("frames passed on to the bridge").isNull();
    assertThat(refusals).containsExactly("closing: frame too large: announced 65 bytes (limit 64 bytes)");
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }
}
