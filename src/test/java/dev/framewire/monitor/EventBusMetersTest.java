package dev.framewire.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Vert.x's event-bus metrics as Framewire measures them: exact per-address counts, reply addresses left out. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventBusMetersTest {
  private Metrics metrics;
  private Vertx vertx;

  @BeforeEach
  void start() {
    metrics = new Metrics();
    vertx = Vertx.builder().with(metrics.vertxOptions(new VertxOptions())).withMetrics(metrics.vertxMetrics()).build();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Map<String, Double> samples() {
    return dev.framewire.testutil.Http.samples(metrics.registry().scrape());
  }

  @Test
  void countsEachAddressExactly() throws Exception {
    MessageConsumer<String> consumer = vertx.eventBus().<String>consumer("eb.test", m -> {
      if (m.replyAddress() != null) {
        m.reply("ok:" + m.body());
      }
    });
    consumer.completion().await(5, TimeUnit.SECONDS);
    vertx.eventBus().send("eb.test", "one");
    vertx.eventBus().publish("eb.test", "two");
    assertThat(vertx.eventBus().<String>request("eb.test", "three").await(5, TimeUnit.SECONDS).body()).isEqualTo("ok:three");
    try {
      vertx.eventBus().request("eb.nobody", "lost").await(5, TimeUnit.SECONDS);
    } catch (ReplyException expected) {
      // NO_HANDLERS
    }
    Eventually.await(vertx, () -> samples().getOrDefault("vertx_eventbus_processed_total{address=\"eb.test\"}", 0.0) == 3.0);
    Map<String, Double> m = samples();
    assertThat(m).containsEntry("vertx_eventbus_handlers{address=\"eb.test\"}", 1.0)
        .containsEntry("vertx_eventbus_sent_total{address=\"eb.test\"}", 2.0)
        .containsEntry("vertx_eventbus_published_total{address=\"eb.test\"}", 1.0)
        .containsEntry("vertx_eventbus_received_total{address=\"eb.test\"}", 3.0)
        .containsEntry("vertx_eventbus_delivered_total{address=\"eb.test\"}", 3.0)
        .containsEntry("vertx_eventbus_pending{address=\"eb.test\"}", 0.0)
        .containsEntry("vertx_eventbus_discarded_total{address=\"eb.test\"}", 0.0)
        .containsEntry("vertx_eventbus_sent_total{address=\"eb.nobody\"}", 1.0)
        .containsEntry("vertx_eventbus_delivered_total{address=\"eb.nobody\"}", 0.0)
        .containsEntry("vertx_eventbus_reply_failures_total{address=\"eb.nobody\",failure=\"NO_HANDLERS\"}", 1.0);
    // one reply address per request: never a label value
    assertThat(m.keySet()).noneMatch(k -> k.contains("__vertx."));
    consumer.unregister().await(5, TimeUnit.SECONDS);
    assertThat(samples()).containsEntry("vertx_eventbus_handlers{address=\"eb.test\"}", 0.0);
  }
}
