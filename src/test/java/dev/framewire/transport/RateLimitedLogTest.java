package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.framewire.testutil.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
  private static final String LOGGER = RateLimitedLogTest.class.getName();
  private long now = 1_000_000;

  @Test
  void aFloodIsOneWarningAMinuteAndTheNextSaysHowManyWereHeldBack() {
    try (LogCapture capture = LogCapture.of(LOGGER, Level.DEBUG)) {
      RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(LOGGER), 60_000, "echo", () -> now);

      for (int i = 0; i < 1000; i++) {
        log.warnFrom("127.0.0.1:" + (40000 + i), "listener {}: bad frame from {}", "echo", i);
        now += 10;  // 1000 warnings in 10 s
      }
      now += 60_000;
      log.warnFrom("127.0.0.1:50000", "listener {}: bad frame from {}", "echo", "last");

      List<ILoggingEvent> warnings = capture.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
          "listener echo: bad frame from 0",
          "listener echo: bad frame from last (999 more like this since the last warning, logged at DEBUG)");
      assertThat(LogCapture.fields(warnings.get(0)))
          .isEqualTo(Map.of("listener", "echo", "remote", "127.0.0.1:40000"));
      assertThat(LogCapture.fields(warnings.get(1)))
          .isEqualTo(Map.of("listener", "echo", "remote", "127.0.0.1:50000", "suppressed", 999L));
      assertThat(capture.events().stream().filter(e -> e.getLevel() == Level.DEBUG)).hasSize(999);
    }
  }

  @Test
  void eachKindOfWarningHasItsOwnLimit() {
    try (LogCapture capture = LogCapture.of(LOGGER, Level.WARN)) {
      RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(LOGGER), 60_000, "echo", () -> now);

      log.warn("listener {}: discarded a reply: {}", "echo", "late");
      log.warn("listener {}: discarded a reply: {}", "echo", "late again");
      log.warn("listener {}: cannot broadcast: {}", "echo", "encoding failed");

      assertThat(capture.messages()).containsExactly("listener echo: discarded a reply: late",
          "listener echo: cannot broadcast: encoding failed");
      assertThat(LogCapture.fields(capture.events().get(0))).isEqualTo(Map.of("listener", "echo"));
    }
  }

  @Test
  void aQuietSpellResetsTheCount() {
    try (LogCapture capture = LogCapture.of(LOGGER, Level.WARN)) {
      RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(LOGGER), 1_000, null, () -> now);

      log.warn("x {}", 1);
      log.warn("x {}", 2);
      now += 1_000;
      log.warn("x {}", 3);
      now += 1_000;
      log.warn("x {}", 4);

      assertThat(capture.messages()).containsExactly("x 1",
          "x 3 (1 more like this since the last warning, logged at DEBUG)", "x 4");
      assertThat(LogCapture.fields(capture.events().get(0))).isEmpty();
    }
  }
}
