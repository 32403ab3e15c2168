package dev.framewire.handler;

import static dev.framewire.handler.ListenerStub.Received.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import dev.framewire.handler.ListenerStub.Received;
import dev.framewire.route.LoopAffinity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class LogHandlerTest {
  private static final String ADDRESS = "test.log";
  private static final Pattern TIME = Pattern.compile("^\\{\"time\":\"([^\"]+)\",");
  private static final String HEAD =
      "{\"time\":\"T\",\"listener\":\"lines\",\"remote\":\"127.0.0.1:53422\",\"conn\":\"node1.lines.0.17\",";

  private final PrintStream stdout = System.out;

  @AfterEach
  void restoreStdout() {
    System.setOut(stdout);
  }

  private static HandlerConfig log(String file) {
    return new HandlerConfig(HandlerType.LOG, ADDRESS, null, null, null, file, null, new JsonObject());
  }

  /** Checks each line's time lies in [from, to] and replaces it with "T", leaving the rest exact. */
  private static List<String> withoutTimes(List<String> lines, Instant from, Instant to) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = TIME.matcher(line);
      assertThat(m.find()).as("line starts with a time: %s", line).isTrue();
      assertThat(Instant.parse(m.group(1))).isBetween(from, to);
      out.add(m.replaceFirst("{\"time\":\"T\","));
    }
    return out;
  }

  @Test
  void appendsOneExactJsonLinePerFrame(Vertx vertx, VertxTestContext ctx, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("frames.log");
    Files.writeString(file, "already here\n");
    ListenerStub listener = new ListenerStub(vertx);
    Instant from = Instant.now();
    List<Received> received = new ArrayList<>();
    listener.onConnection(message -> {
      received.add(Received.of(message));
      if (received.size() == 4) {
        ctx.verify(() -> {
          assertThat(received).containsExactly(reply(null, 0), reply(null, 1), reply(null, 2), reply(null, 3));
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          assertThat(lines.get(0)).isEqualTo("already here");
          assertThat(withoutTimes(lines.subList(1, lines.size()), from, Instant.now())).containsExactly(
              HEAD + "\"body\":\"hello \\\"world\\\"\"}",
              HEAD + "\"body\":{\"n\":1,\"s\":\"é\"}}",
              HEAD + "\"body\":\"AAH/Cg==\",\"encoding\":\"base64\"}",
              HEAD + "\"body\":[1,\"x\"]}",
              HEAD + "\"body\":\"last\"}");
        });
        ctx.completeNow();
      }
    })
        .compose(v -> Handlers.deploy(vertx, log(file.toString()), 4))
        .onComplete(ctx.succeeding(id -> {
          listener.request(ADDRESS, "hello \"world\"", 0);
          listener.request(ADDRESS, new JsonObject().put("n", 1).put("s", "é"), 1);
          listener.request(ADDRESS, Buffer.buffer(new byte[] {0, 1, (byte) 0xFF, '\n'}), 2);
          listener.send(ADDRESS, new JsonArray().add(1).add("x"));
          listener.request(ADDRESS, "last", 3);
        }));
  }

  @Test
  void writesToStandardOutputWithoutAFile(Vertx vertx, VertxTestContext ctx) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    ListenerStub listener = new ListenerStub(vertx);
    Instant from = Instant.now();
    listener.onConnection(message -> ctx.verify(() -> {
      assertThat(Received.of(message)).isEqualTo(reply(null, 9));
      String out = captured.toString(StandardCharsets.UTF_8);
      assertThat(out).endsWith("\n");
      assertThat(withoutTimes(List.of(out.split("\n")), from, Instant.now()))
          .containsExactly(HEAD + "\"body\":\"to stdout\"}");
      ctx.completeNow();
    }))
        .compose(v -> Handlers.deploy(vertx, log(null), 4))
        .onComplete(ctx.succeeding(id -> {
          // a worker has no event loop of its own: no loop-local consumer
          ctx.verify(() -> assertThat(LoopAffinity.of(vertx).hasLocalHandler(ADDRESS)).isFalse());
          listener.request(ADDRESS, "to stdout", 9);
        }));
  }

  @Test
  void aMissingDirectoryFailsTheDeployment(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) {
    Path file = dir.resolve("missing").resolve("frames.log");
    Handlers.deploy(vertx, log(file.toString()), 4).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage("log handler test.log: cannot append to "
          + file + ": directory " + dir.resolve("missing") + " does not exist");
      assertThat(vertx.deploymentIDs()).isEmpty();
      assertThat(Files.exists(dir.resolve("missing"))).isFalse();
      ctx.completeNow();
    })));
  }

  @Test
  void refusesToRunOnAnEventLoop(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new LogHandler(), new DeploymentOptions().setConfig(new JsonObject().put("address", ADDRESS)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage(
              "log handler test.log: must be deployed as a worker (ThreadingModel.WORKER), it blocks on writes");
          ctx.completeNow();
        })));
  }
}
