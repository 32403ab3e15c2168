package dev.framewire.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.testutil.Chromium;
import dev.framewire.testutil.Gateway;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in a real browser (headless Chromium, driven through the DevTools protocol) while
 * traffic runs: the charts show non-zero rates, the table lists the test's connections, the tail
 * shows their frames, and the page's close button closes one of them, which its client sees.
 * Saves a screenshot to {@code target/dashboard.png} (or {@code -Dframewire.screenshot}).
 * Skipped when {@code chromium} is not installed; {@code .ci/run} installs it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class DashboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Each client sends at most this many lines, one every 20 ms (a minute at most). */
  private static final int MAX_LINES = 3_000;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  @Test
  void thePageShowsLiveTrafficAndClosesAConnection(Vertx vertx) {
    assumeTrue(Chromium.available(), "chromium is not installed (.ci/run installs Debian's chromium)");
    JsonObject lines = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", "b.echo");
    JsonObject config = new JsonObject().put("listeners", new JsonArray().add(lines))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "b.echo")))
        .put("http", new JsonObject().put("port", 0).put("actions", true).put("tail", true));
    gateway = Gateway.start(vertx, config).await();
    int port = gateway.port("lines");

    NetClient client = vertx.createNetClient();
    NetSocket a = client.connect(port, "127.0.0.1").await();
    NetSocket b = client.connect(port, "127.0.0.1").await();
    Promise<Void> aClosed = Promise.promise();
    Promise<Void> bClosed = Promise.promise();
    AtomicLong bReplies = new AtomicLong();
    a.closeHandler(v -> aClosed.tryComplete());
    b.closeHandler(v -> bClosed.tryComplete());
    a.handler(buffer -> { });
    b.handler(buffer -> bReplies.addAndGet(buffer.length()));
    int[] sent = {0};
    long traffic = vertx.setPeriodic(20, id -> {
      if (++sent[0] > MAX_LINES) {
        vertx.cancelTimer(id);
        return;
      }
      a.write("ping from a " + sent[0] + "\n");
      b.write("ping from b " + sent[0] + "\n");
    });
    String aRemote = "127.0.0.1:" + a.localAddress().port();
    String bRemote = "127.0.0.1:" + b.localAddress().port();

    try (Chromium browser = Chromium.start(1280, 1100)) {
      browser.navigate("http://127.0.0.1:" + gateway.httpPort() + "/");
      // every condition is null-safe: until the navigation commits, the document is still about:blank
      String card = "document.querySelector('[data-listener=\"lines\"]')";
      waitFor(vertx, "non-zero rates in the chart's card", () -> Boolean.TRUE.equals(browser.evaluate(
          "(() => { const c = " + card + "; return !!c && Number(c.dataset.rateIn) > 0 && Number(c.dataset.rateOut) > 0; })()")));
      waitFor(vertx, "both connections in the table", () -> remotes(browser).containsAll(List.of(aRemote, bRemote)));
      assertThat(browser.evaluate(card + ".dataset.open")).isEqualTo("2");

      browser.evaluate("(() => { const s = document.getElementById('tail-listener'); s.value = 'lines';"
          + " s.dispatchEvent(new Event('change')); return true; })()");
      waitFor(vertx, "frames in the tail", () -> String.valueOf(browser.evaluate(
          "document.getElementById('tail').textContent")).contains("ping from a"));
      // a few seconds of chart in the screenshot
      waitFor(vertx, "five snapshots", () -> Integer.parseInt(String.valueOf(browser.evaluate(
          "document.body.dataset.updates"))) >= 5);
      browser.screenshot(screenshot());

      long before = bReplies.get();
      Object closedId = browser.evaluate("(() => { const row = [...document.querySelectorAll('#connections tbody tr')]"
          + ".find(r => r.cells[1].textContent === '" + aRemote + "'); row.querySelector('button.close').click();"
          + " return row.dataset.connectionId; })()");
      assertThat((String) closedId).startsWith(gateway.nodeId() + ".lines.");
      aClosed.future().await(10, TimeUnit.SECONDS);
      waitFor(vertx, "the closed connection gone from the table", () -> remotes(browser).equals(List.of(bRemote)));
      // the other connection still gets its replies
      waitFor(vertx, "more replies on the other connection", () -> bReplies.get() > before);
      assertThat(bClosed.future().isComplete()).isFalse();
    } catch (TimeoutException e) {
      throw new AssertionError("the client's socket was not closed by the dashboard's close button", e);
    } finally {
      vertx.cancelTimer(traffic);
      client.close().await();
    }
  }

  @Test
  void withATokenThePageAsksForItAndThenShowsTheFigures(Vertx vertx) {
    assumeTrue(Chromium.available(), "chromium is not installed (.ci/run installs Debian's chromium)");
    String token = "0123456789abcdef-browser";
    JsonObject lines = new JsonObject().put("name", "lines").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("codec", "text").put("address", "b.echo");
    JsonObject config = new JsonObject().put("listeners", new JsonArray().add(lines))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "b.echo")))
        .put("http", new JsonObject().put("port", 0).put("token", token));
    gateway = Gateway.start(vertx, config).await();
    try (Chromium browser = Chromium.start(1024, 768)) {
      browser.navigate("http://127.0.0.1:" + gateway.httpPort() + "/");
      // null-safe: until the navigation commits, the document is still about:blank
      waitFor(vertx, "the token form", () -> Boolean.FALSE.equals(browser.evaluate(
          "document.getElementById('token-form')?.hidden")));
      assertThat(browser.evaluate("document.querySelector('[data-listener]') === null")).isEqualTo(true);
      browser.evaluate("(() => { document.getElementById('token').value = '" + token + "';"
          + " document.getElementById('token-form').requestSubmit(); return true; })()");
      waitFor(vertx, "the listener's card", () -> Boolean.TRUE.equals(browser.evaluate(
          "document.querySelector('[data-listener=\"lines\"]') !== null")));
      assertThat(browser.evaluate("document.getElementById('token-form').hidden")).isEqualTo(true);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> remotes(Chromium browser) {
    Object value = browser.evaluate("[...document.querySelectorAll('#connections tbody tr')].map(r => r.cells[1].textContent)");
    return value instanceof JsonArray array ? (List<String>) (List<?>) array.getList() : List.of();
  }

  private static Path screenshot() {
    return Path.of(System.getProperty("framewire.screenshot", "target/dashboard.png"));
  }

  /** Polls {@code condition} every 100 ms (a Vert.x timer, awaited on the test thread) up to {@link #WAIT}. */
  private static void waitFor(Vertx vertx, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page never showed " + what + " within " + WAIT.toSeconds() + " s");
      }
      try {
        vertx.timer(100, TimeUnit.MILLISECONDS).await(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // a late timer is only a longer pause
      }
    }
  }
}
