package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Http;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The storms a listener's limits answer, with {@link StormTest}'s harness (good clients echoing
 * and checked byte for byte, baseline of connections, event-bus handlers, heap and RSS):
 * <ul>
 *   <li>slow loris: half a line, then nothing, on many connections; {@code frameTimeout} closes
 *       each one;</li>
 *   <li>a flood from one source past {@code maxConnectionsPerSource}: connections held open, the
 *       cap's worth kept, every one past it closed at once, while the good clients, connecting from
 *       another loopback address (127.0.0.2), are not touched.</li>
 * </ul>
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LimitStormTest {
  static final String FRAME_TIMEOUT = "1s";
  static final int LORIS = 500;
  static final int PER_SOURCE = 100;
  static final int FLOOD = 600;

  private final StormTest storms = new StormTest();
  private final List<Socket> held = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : held) {
      socket.close();
    }
    storms.stop();
  }

  @Test
  void slowLoris() throws Exception {
    storms.listenerExtras.put("frameTimeout", FRAME_TIMEOUT).put("maxConnectionsPerSource", 0);
    storms.start();
    double limitedBefore = limited("frame_timeout");
    int[] notClosed = {0};
    int[] thrown = {0};
    storms.storm("slow loris", (port, i, random) -> {
      Socket socket = StormTest.connect(port);
      held.add(socket);
      socket.getOutputStream().write(("half a line " + i).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }, LORIS, LORIS, () -> {
      // frameTimeout closes every one of them (read timeout 10 s each, far past 1 s + a sweep)
      for (Socket socket : held) {
        if (!StormTest.drainUntilClosed(socket)) {
          notClosed[0]++;
        }
        socket.close();
        thrown[0]++;
      }
      held.clear();
    });
    assertThat(notClosed[0]).as("slow loris connections left open").isZero();
    // the warm-up round's 100 and the storm's 500
    assertThat(limited("frame_timeout") - limitedBefore).isEqualTo(thrown[0]);
  }

  @Test
  void floodFromOneSourcePastItsCap() throws Exception {
    storms.listenerExtras.put("maxConnectionsPerSource", PER_SOURCE);
    storms.goodSource = "127.0.0.2";
    storms.start();
    double rejectedBefore = rejected("max_connections_per_source");
    int[] refusedSeen = {0};
    int[] heldSeen = {0};
    int[] rounds = {0};
    storms.storm("flood from one source", (port, i, random) -> {
      held.add(StormTest.connect(port)); // and hold it, silent
    }, FLOOD, FLOOD, () -> {
      rounds[0]++;
      // the first PER_SOURCE are kept (all of the warm-up's 100), the rest closed at once
      storms.awaitOpenConnections(StormTest.GOOD_CLIENTS + PER_SOURCE);
      double refusals = rounds[0] == 1 ? 0 : FLOOD - PER_SOURCE;
      Eventually.await(storms.vertx, () -> rejected("max_connections_per_source") - rejectedBefore == refusals);
      for (Socket socket : held) {
        if (closedByTheListener(socket)) {
          refusedSeen[0]++;
        } else {
          heldSeen[0]++;
        }
        socket.close();
      }
      held.clear();
    });
    assertThat(rounds[0]).isEqualTo(2);
    assertThat(heldSeen[0]).as("connections kept, over both rounds").isEqualTo(2 * PER_SOURCE);
    assertThat(refusedSeen[0]).as("connections closed at once").isEqualTo(FLOOD - PER_SOURCE);
    assertThat(rejected("max_connections_per_source") - rejectedBefore).isEqualTo(FLOOD - PER_SOURCE);
  }

  /**
   * Whether the listener has closed {@code socket} (EOF or reset); waits at most 50 ms (called once
   * the listener has counted its refusals, so their FINs are on their way over loopback).
   */
  private static boolean closedByTheListener(Socket socket) throws IOException {
    socket.setSoTimeout(50);
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private double rejected(String reason) {
    return metric("framewire_connections_rejected_total", reason);
  }

  private double limited(String reason) {
    return metric("framewire_connections_limited_total", reason);
  }

  /** The listener's sample of {@code name} with label {@code reason}; 0 when there is none yet. */
  private double metric(String name, String reason) {
    Map<String, Double> samples = Http.scrape(storms.gateway.httpPort());
    return samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains("listener=\"lines\"")
            && e.getKey().contains("reason=\"" + reason + "\""))
        .mapToDouble(Map.Entry::getValue).sum();
  }
}
