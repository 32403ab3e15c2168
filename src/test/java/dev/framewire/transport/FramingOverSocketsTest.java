package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.framing.FrameSink;
import dev.framewire.framing.Framer;
import dev.framewire.framing.Framings;
import dev.framewire.framing.FramingException;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every TCP framing type end to end: frames written with the framing's encoder, echoed by the echo
 * handler, and the reply stream cut with the same framing must give back exactly the frames sent.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FramingOverSocketsTest {
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  static Stream<Arguments> framings() {
    return Stream.of(
        Arguments.of(new JsonObject().put("type", "lines"), FramingConfig.of(FramingType.LINES)),
        Arguments.of(new JsonObject().put("type", "delimited").put("delimiter", "\\u0000\\u0000"),
            FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {0, 0})),
        Arguments.of(new JsonObject().put("type", "fixed").put("size", 8),
            FramingConfig.of(FramingType.FIXED).withSize(8)),
        Arguments.of(new JsonObject().put("type", "length-prefixed").put("headerBytes", 2)
                .put("byteOrder", "little").put("lengthIncludesHeader", true),
            FramingConfig.of(FramingType.LENGTH_PREFIXED).withHeader(2, ByteOrder.LITTLE_ENDIAN, true)),
        Arguments.of(new JsonObject().put("type", "length-prefixed").put("headerBytes", 8),
            FramingConfig.of(FramingType.LENGTH_PREFIXED).withHeader(8, ByteOrder.BIG_ENDIAN, false)),
        Arguments.of(new JsonObject().put("type", "octet-counting"), FramingConfig.of(FramingType.OCTET_COUNTING)));
  }

  @ParameterizedTest
  @MethodSource("framings")
  void framesComeBackExactlyInTheSameFraming(JsonObject framing, FramingConfig client, Vertx vertx) {
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(new JsonObject().put("name", "f").put("protocol", "tcp").put("port", 0)
            .put("framing", framing).put("codec", "bytes").put("address", "t.f")))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.f")))).await();
    List<String> sent = new ArrayList<>();
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < 200; i++) {
      String payload = client.type() == FramingType.FIXED ? String.format("f%07d", i) : "frame " + i + " " + "x".repeat(i % 17);
      sent.add(payload);
      Framings.encoder(client).encode(Buffer.buffer(payload), stream);
    }
    List<String> received = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Framer framer = Framings.newFramer(client, OversizePolicy.CLOSE, new FrameSink() {
      @Override
      public void frame(Buffer frame, boolean truncated) {
        received.add(frame.toString(StandardCharsets.UTF_8));
      }

      @Override
      public void error(FramingException error, boolean fatal) {
        errors.add(error.getMessage());
      }
    });
    try (TcpClient socket = new TcpClient(gateway.port("f"))) {
      socket.write(stream.getBytes());
      while (received.size() < sent.size() && errors.isEmpty()) {
        framer.handle(Buffer.buffer(socket.read(1)));
      }
    }
    assertThat(errors).isEmpty();
    assertThat(received).containsExactlyElementsOf(sent);
  }

  @Test
  void logHandlerWritesOneJsonLinePerFrame(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("frames.log");
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(new JsonObject().put("name", "audit").put("protocol", "tcp").put("port", 0)
            .put("framing", "lines").put("codec", "text").put("address", "t.log").put("delivery", "send")))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "log").put("address", "t.log")
            .put("file", file.toString())))).await();
    try (TcpClient socket = new TcpClient(gateway.port("audit"))) {
      socket.write("first\nsecond\n");
      dev.framewire.testutil.Eventually.await(vertx, () -> lines(file).size() == 2);
    }
    List<String> lines = lines(file);
    JsonObject first = new JsonObject(lines.get(0));
    assertThat(first.getString("listener")).isEqualTo("audit");
    assertThat(first.getString("body")).isEqualTo("first");
    assertThat(first.getString("remote")).startsWith("127.0.0.1:");
    assertThat(java.time.Instant.parse(first.getString("time"))).isBeforeOrEqualTo(java.time.Instant.now());
    assertThat(new JsonObject(lines.get(1)).getString("body")).isEqualTo("second");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
