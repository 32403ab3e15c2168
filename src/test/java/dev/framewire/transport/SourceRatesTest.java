package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SourceRatesTest {
  private static final long MS = 1_000_000;

  private static InetAddress ip(String literal) {
    return NetUtil.createInetAddressFromIpAddressString(literal);
  }

  @Test
  void eachSourceHasItsOwnBucket() {
    SourceRates rates = new SourceRates(2, 64);
    assertThat(rates.tryTake(ip("192.0.2.1"), 0)).isTrue();
    assertThat(rates.tryTake(ip("192.0.2.1"), 0)).isTrue();
    assertThat(rates.tryTake(ip("192.0.2.1"), 0)).isFalse();
    assertThat(rates.tryTake(ip("192.0.2.2"), 0)).isTrue();
    // one /64, one bucket
    assertThat(rates.tryTake(ip("2001:db8::1"), 0)).isTrue();
    assertThat(rates.tryTake(ip("2001:db8::2"), 0)).isTrue();
    assertThat(rates.tryTake(ip("2001:db8::3"), 0)).isFalse();
    assertThat(rates.size()).isEqualTo(3);
  }

  @Test
  void sourcesWhoseBucketIsFullAgainAreForgotten() {
    SourceRates rates = new SourceRates(2, 64);
    rates.tryTake(ip("192.0.2.1"), 0);
    rates.tryTake(ip("192.0.2.2"), 0);
    rates.tryTake(ip("192.0.2.2"), 0);
    rates.evict(499 * MS);
    assertThat(rates.size()).isEqualTo(2);
    rates.evict(500 * MS);
    assertThat(rates.size()).as("192.0.2.1 full again after one interval").isEqualTo(1);
    rates.evict(1000 * MS);
    assertThat(rates.size()).isZero();
  }

  @Test
  void pastTheTableSizeNewSourcesShareOneBucket() {
    SourceRates rates = new SourceRates(2, 64, 2);
    assertThat(rates.tryTake(ip("192.0.2.1"), 0)).isTrue();
    assertThat(rates.tryTake(ip("192.0.2.2"), 0)).isTrue();
    assertThat(rates.tryTake(ip("192.0.2.3"), 0)).isTrue();
    assertThat(rates.tryTake(ip("192.0.2.4"), 0)).isTrue();
    assertThat(rates.tryTake(ip("192.0.2.5"), 0)).as("the shared bucket is spent").isFalse();
    assertThat(rates.tryTake(ip("192.0.2.1"), 0)).as("a tracked source keeps its own").isTrue();
    assertThat(rates.size()).isEqualTo(2);
  }

  @Test
  void instancesTakingFromOneSourceAtOnceNeverTakeMoreThanItsRate() throws Exception {
    // the listener's instances share the table: 4 threads, one moment, one source, 2,000 tokens
    SourceRates rates = new SourceRates(2_000, 64);
    InetAddress source = ip("192.0.2.1");
    int threads = 4;
    int tries = 5_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> taken = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        taken.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          int n = 0;
          for (int i = 0; i < tries; i++) {
            n += rates.tryTake(source, 0) ? 1 : 0;
          }
          return n;
        }));
      }
      int total = 0;
      for (Future<Integer> f : taken) {
        total += f.get(10, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(2_000);
      assertThat(rates.size()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
