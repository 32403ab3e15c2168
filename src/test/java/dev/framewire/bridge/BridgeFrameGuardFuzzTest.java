package dev.framewire.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.framewire.config.BridgeConfig;
import dev.framewire.config.PermittedAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Coverage-guided fuzzing (Jazzer) of the event-bus bridge's front end: the bytes a bridge peer
 * sends (4-byte length + JSON), in fuzzer-chosen chunks, go through {@link BridgeFrameGuard} (and
 * {@link BridgePeerFrames}, which sees the guard's answers) on an {@link EmbeddedChannel}, and:
 * <ul>
 *   <li>no exception reaches the end of the pipeline;</li>
 *   <li>what the guard passes on to the bridge is one whole frame with a correct prefix, at most
 *       {@code maxFrameLength}, holding a JSON object with a known {@code type};</li>
 *   <li>every frame the model finds in the stream is either passed on or answered with one
 *       {@code {"type":"err"}} frame, and the connection is closed exactly when a frame announces
 *       more than {@code maxFrameLength} (after one more {@code err} frame), nothing after;</li>
 *   <li>the guard never holds more than one frame's worth of bytes.</li>
 * </ul>
 *
 * <p>{@code mvn test} replays
 * {@code src/test/resources/dev/framewire/bridge/BridgeFrameGuardFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/security.md).
 */
class BridgeFrameGuardFuzzTest {
  private static final int MAX = BridgeConfig.MIN_FRAME_LENGTH;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"\"type\"", "\"send\"", "\"publish\"", "\"register\"", "\"unregister\"",
      "\"ping\"", "\"address\"", "\"replyAddress\"", "\"headers\"", "\"body\"", "\"timeout\"",
      "\"localOnly\"", "\"codecName\"", "\"failureCode\"", "\"fw.seq\"", "\"fw.conn\"", "{", "}",
      "[", "]", ":", ",", "null", "true", "1", "\"a\""})
  void anyBytesInAnyChunks(FuzzedDataProvider data) throws Exception {
    int[] sizes = new int[data.consumeInt(1, 16)];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = data.consumeInt(0, 2 * MAX);
    }
    byte[] stream = data.consumeRemainingAsBytes();
    check(stream, sizes);
  }

  static void check(byte[] stream, int[] sizes) throws Exception {
    BridgeConfig config = new BridgeConfig("127.0.0.1", 0, List.of(PermittedAddress.regex(".*")),
        List.of(PermittedAddress.regex(".*")), MAX, null);
    int[] refused = new int[2]; // [0] dropped frames, [1] closings
    BridgeFrameGuard guard = new BridgeFrameGuard(config,
        (reason, closing) -> refused[closing ? 1 : 0]++, new BridgePeerFrames(new LongAdder()));
    EmbeddedChannel channel = new EmbeddedChannel(new BridgePeerFrames(new LongAdder()), guard);
    int passed = 0;
    int errFrames = 0;
    int from = 0;
    for (int i = 0; from < stream.length && channel.isOpen(); i++) {
      int to = Math.min(stream.length, from + Math.max(1, sizes[i % sizes.length]));
      channel.writeInbound(Unpooled.wrappedBuffer(stream, from, to - from));
      from = to;
      channel.checkException(); // rethrows anything that reached the end of the pipeline
      for (ByteBuf frame; (frame = channel.readInbound()) != null; passed++) {
        try {
          assertPassedOn(frame);
        } finally {
          frame.release();
        }
      }
      for (ByteBuf frame; (frame = channel.readOutbound()) != null; errFrames++) {
        try {
          assertErrFrame(frame);
        } finally {
          frame.release();
        }
      }
      if (channel.isOpen()) {
        assertThat(guard.bufferedBytes()).isLessThanOrEqualTo(MAX + 4);
      }
    }
    Model model = Model.of(stream);
    assertThat(passed + refused[0]).as("whole frames passed on or refused").isEqualTo(model.frames());
    assertThat(errFrames).as("err frames").isEqualTo(refused[0] + refused[1]);
    assertThat(refused[1]).as("closed for a frame too large").isEqualTo(model.tooLarge() ? 1 : 0);
    assertThat(channel.isOpen()).isEqualTo(!model.tooLarge());
    channel.finishAndReleaseAll();
  }

  /** Whole frames in the stream, up to and not past a too-large announcement. */
  record Model(int frames, boolean tooLarge) {
    static Model of(byte[] stream) {
      ByteBuffer in = ByteBuffer.wrap(stream);
      int frames = 0;
      while (in.remaining() >= 4) {
        long length = in.getInt() & 0xFFFF_FFFFL;
        if (length > MAX) {
          return new Model(frames, true);
        }
        if (in.remaining() < length) {
          break;
        }
        in.position(in.position() + (int) length);
        frames++;
      }
      return new Model(frames, false);
    }
  }

  private static void assertPassedOn(ByteBuf frame) throws Exception {
    int length = frame.getInt(frame.readerIndex());
    assertThat(length).isBetween(0, MAX).isEqualTo(frame.readableBytes() - 4);
    byte[] json = new byte[length];
    frame.getBytes(frame.readerIndex() + 4, json);
    JsonNode message = MAPPER.readTree(json);
    assertThat(message.isObject()).as(new String(json, StandardCharsets.UTF_8)).isTrue();
    assertThat(TYPES).contains(message.get("type").asText());
  }

  private static void assertErrFrame(ByteBuf frame) throws Exception {
    int length = frame.readInt();
    assertThat(length).isEqualTo(frame.readableBytes());
    JsonNode message = MAPPER.readTree(new io.netty.buffer.ByteBufInputStream(frame));
    assertThat(message.path("type").asText()).isEqualTo("err");
    assertThat(message.path("message").asText()).matches("(invalid frame|frame too large): .+");
  }
}
