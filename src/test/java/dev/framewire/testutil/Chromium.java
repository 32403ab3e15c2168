package dev.framewire.testutil;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through the DevTools protocol over the JDK's WebSocket client, for
 * tests (call from the test thread). One page; every call waits at most {@link #CALL_TIMEOUT}.
 * Debian's package is {@code chromium}; {@code .ci/run} installs it.
 */
public final class Chromium implements AutoCloseable {
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> calls = new ConcurrentHashMap<>();
  private String sessionId;

  /** Whether the {@code chromium} command is there. */
  public static boolean available() {
    return Commands.available("chromium", "--version");
  }

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts Chromium headless with a fresh profile and opens one page (about:blank). */
  public static Chromium start(int width, int height) {
    Path profile;
    Process process;
    try {
      profile = Files.createTempDirectory("framewire-chromium");
      process = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
          "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            endpoint.complete(m.group(1));
          }
        }
        endpoint.completeExceptionally(new IllegalStateException("chromium exited without a DevTools endpoint"));
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      String url = endpoint.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Chromium[] self = new Chromium[1];
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CALL_TIMEOUT)
          .buildAsync(URI.create(url), new Listener(self)).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Chromium chromium = new Chromium(process, profile, ws);
      self[0] = chromium;
      chromium.attach();
      return chromium;
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("cannot start chromium: " + e, e);
    }
  }

  /** Attaches to the first page, so that later calls go to it. */
  private void attach() {
    String target = call(null, "Target.getTargets", new JsonObject()).getJsonArray("targetInfos").stream()
        .map(JsonObject.class::cast).filter(t -> t.getString("type").equals("page")).findFirst()
        .orElseThrow(() -> new IllegalStateException("chromium opened no page")).getString("targetId");
    sessionId = call(null, "Target.attachToTarget", new JsonObject().put("targetId", target).put("flatten", true))
        .getString("sessionId");
  }

  /** Calls {@code method} on the page; its result, or an {@link IllegalStateException} with the protocol's error. */
  public JsonObject call(String method, JsonObject params) {
    return call(sessionId, method, params);
  }

  private JsonObject call(String session, String method, JsonObject params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    calls.put(id, answer);
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    try {
      socket.sendText(message.encode(), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonObject response = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (response.containsKey("error")) {
        throw new IllegalStateException(method + ": " + response.getJsonObject("error").encode());
      }
      return response.getJsonObject("result", new JsonObject());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + ": no answer: " + e, e);
    } finally {
      calls.remove(id);
    }
  }

  /** Starts loading {@code url}; returns before it has loaded (poll the page for what you expect). */
  public void navigate(String url) {
    call("Page.navigate", new JsonObject().put("url", url));
  }

  /** Evaluates a JavaScript expression in the page; its value (JSON-compatible), or null. */
  public Object evaluate(String expression) {
    JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  /** A PNG of what the page shows, written to {@code file}. */
  public void screenshot(Path file) {
    String data = call("Page.captureScreenshot", new JsonObject().put("format", "png")).getString("data");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, Base64.getDecoder().decode(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }

  /** Answers to calls, matched by id; events are ignored. */
  private static final class Listener implements WebSocket.Listener {
    private final Chromium[] self;
    private final StringBuilder text = new StringBuilder();

    Listener(Chromium[] self) {
      this.self = self;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonObject message = new JsonObject(text.toString());
        text.setLength(0);
        Integer id = message.getInteger("id");
        if (id != null && self[0] != null) {
          CompletableFuture<JsonObject> call = self[0].calls.get(id);
          if (call != null) {
            call.complete(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
