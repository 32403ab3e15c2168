package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Frame;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;

/**
 * Writes one JSON line per frame to standard output or appends it to a file. A frame awaiting a
 * reply is answered with {@code null} (nothing to write) once its line is written.
 *
 * <p>Config keys:
 * <pre>
 *   address  event-bus address to consume                                  required
 *   file     file to append to, created if absent (its directory must      standard output
 *            exist: a missing one fails the deployment)
 * </pre>
 * One line per frame, keys in this order:
 * <pre>
 *   {"time":"2025-05-04T10:15:30.123456Z","listener":"lines","remote":"127.0.0.1:53422",
 *    "conn":"k3xq9.lines.0.17","body":"hello"}
 * </pre>
 * {@code time} is the ISO-8601 instant the line was written (UTC). {@code body} is the frame's body
 * as JSON: a String as a JSON string, a JsonObject/JsonArray as nested JSON, a null body as
 * {@code null}. Bytes (a Buffer) are standard base64 (RFC 4648, padded) and only then the line
 * ends with {@code "encoding":"base64"}:
 * <pre>
 *   {"time":"…","listener":"raw","remote":"…","conn":"…","body":"AAH/","encoding":"base64"}
 * </pre>
 * A missing header is {@code null}.
 *
 * <p>Must be deployed as a worker ({@link Handlers#deploy} does so): it writes with plain blocking
 * I/O, one write per line, which keeps lines whole and in frame order without the callback
 * bookkeeping of an {@code AsyncFile}; a worker instance runs one frame at a time. With more than
 * one instance, lines stay whole (each is one append) but are no longer in frame order.
 */
public final class LogHandler extends FrameHandlerVerticle {
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private OutputStream out;
  private boolean ownsOut;

  /** No loop-local consumer: a worker is not bound to an event loop. */
  @Override
  protected boolean loopLocal() {
    return false;
  }

  @Override
  protected Future<?> setUp() {
    if (context.threadingModel() == ThreadingModel.EVENT_LOOP) {
      return Future.failedFuture(new IllegalStateException("log handler " + address()
          + ": must be deployed as a worker (ThreadingModel.WORKER), it blocks on writes"));
    }
    String file = config().getString("file");
    if (file == null) {
      out = System.out;
      return Future.succeededFuture();
    }
    Path path = Paths.get(file).toAbsolutePath();
    Path dir = path.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      return Future.failedFuture(new IllegalArgumentException("log handler " + address()
          + ": cannot append to " + file + ": directory " + dir + " does not exist"));
    }
    try {
      out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      ownsOut = true;
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("log handler " + address()
          + ": cannot append to " + file + ": " + e, e));
    }
    return Future.succeededFuture();
  }

  @Override
  protected void handle(Frame frame) throws IOException {
    byte[] line = line(frame);
    if (out instanceof PrintStream ps) {
      // one synchronized write, so a line is never interleaved with other System.out users
      ps.write(line, 0, line.length);
      ps.flush();
    } else {
      out.write(line);
    }
    if (frame.expectsReply()) {
      frame.reply(null);
    }
  }

  private byte[] line(Frame frame) {
    JsonObject json = new JsonObject()
        .put("time", Instant.now().toString())
        .put("listener", frame.listener())
        .put("remote", frame.remote())
        .put("conn", frame.connectionId());
    Object body = frame.body();
    if (body instanceof Buffer bytes) {
      json.put("body", BASE64.encodeToString(bytes.getBytes())).put("encoding", "base64");
    } else if (body == null || body instanceof String || body instanceof JsonObject
        || body instanceof JsonArray) {
      json.put("body", body);
    } else {
      json.put("body", String.valueOf(body));
    }
    return (json.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Future<?> tearDown() {
    if (ownsOut) {
      try {
        out.close();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    return Future.succeededFuture();
  }
}
