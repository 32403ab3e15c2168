package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.CidrRange;
import dev.framewire.config.CodecConfig;
import dev.framewire.config.CodecType;
import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.LimitsConfig;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.ListenerLimits;
import dev.framewire.config.Protocol;
import dev.framewire.transport.ListenerStats.Rejection;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The counting behind admission, without sockets (the socket tests are in {@link LimitsTest}). */
class AdmissionTest {

  private static InetAddress ip(String literal) {
    return NetUtil.createInetAddressFromIpAddressString(literal);
  }

  private static ListenerConfig listener(List<String> allow, List<String> deny, int max, int perSource, int prefix) {
    ListenerConfig base = ListenerConfig.of("l", Protocol.TCP, 0, FramingConfig.of(FramingType.LINES),
        CodecConfig.of(CodecType.TEXT), "a");
    ListenerLimits limits = new ListenerLimits(allow.stream().map(CidrRange::parse).toList(),
        deny.stream().map(CidrRange::parse).toList(), max, perSource, prefix, Duration.ZERO, Duration.ZERO, 0, 0);
    return new ListenerConfig(base.name(), base.protocol(), base.host(), base.port(), base.instances(),
        base.framing(), base.codec(), base.address(), base.delivery(), base.replyTimeout(), base.onError(),
        base.onOversize(), base.maxInFlight(), base.tcpNoDelay(), base.keepAlive(), base.acceptBacklog(),
        base.receiveBufferSize(), base.sendBufferSize(), base.idleTimeout(), null, null, base.maxDatagramSize(),
        false, null, null, limits);
  }

  @Test
  void denyWinsOverAllowAndAnAllowListRefusesTheRest() {
    ProcessConnections process = new ProcessConnections(100);
    Admission admission = new Admission(listener(List.of("10.0.0.0/8"), List.of("10.6.6.0/24"), 10, 10, 64),
        new ListenerStats(), process);
    assertThat(admission.admit(ip("10.1.2.3"))).isNull();
    assertThat(admission.admit(ip("10.6.6.6"))).isEqualTo(Rejection.DENIED);
    assertThat(admission.admit(ip("192.0.2.1"))).isEqualTo(Rejection.DENIED);
    assertThat(admission.admit(ip("::ffff:10.1.2.4"))).isNull();
    assertThat(admission.open()).isEqualTo(2);
    assertThat(process.open()).isEqualTo(2);
  }

  @Test
  void theListenerCapRefusesTheNextAndAReleaseMakesRoom() {
    ProcessConnections process = new ProcessConnections(100);
    Admission admission = new Admission(listener(List.of(), List.of(), 3, 0, 64), new ListenerStats(), process);
    for (int i = 1; i <= 3; i++) {
      assertThat(admission.admit(ip("192.0.2." + i))).isNull();
    }
    assertThat(admission.admit(ip("192.0.2.4"))).isEqualTo(Rejection.LISTENER_LIMIT);
    assertThat(process.open()).as("the refusal gave back its process count").isEqualTo(3);
    admission.release(ip("192.0.2.1"));
    assertThat(admission.admit(ip("192.0.2.4"))).isNull();
    assertThat(admission.open()).isEqualTo(3);
  }

  @Test
  void theSourceCapCountsIpv4AddressesAndIpv6Prefixes() {
    ProcessConnections process = new ProcessConnections(100);
    Admission admission = new Admission(listener(List.of(), List.of(), 100, 2, 64), new ListenerStats(), process);
    assertThat(admission.admit(ip("192.0.2.1"))).isNull();
    assertThat(admission.admit(ip("192.0.2.1"))).isNull();
    assertThat(admission.admit(ip("192.0.2.1"))).isEqualTo(Rejection.SOURCE_LIMIT);
    assertThat(admission.admit(ip("192.0.2.2"))).isNull();
    // two addresses of one /64 are one source; another /64 is another
    assertThat(admission.admit(ip("2001:db8:0:1::a"))).isNull();
    assertThat(admission.admit(ip("2001:db8:0:1::b"))).isNull();
    assertThat(admission.admit(ip("2001:db8:0:1:ffff::c"))).isEqualTo(Rejection.SOURCE_LIMIT);
    assertThat(admission.admit(ip("2001:db8:0:2::a"))).isNull();
    assertThat(admission.openFrom(ip("2001:db8:0:1::1"))).isEqualTo(2);
    assertThat(admission.open()).isEqualTo(6);
    assertThat(process.open()).isEqualTo(6);
    assertThat(admission.sources()).isEqualTo(4);

    for (String address : List.of("192.0.2.1", "192.0.2.1", "192.0.2.2", "2001:db8:0:1::a", "2001:db8:0:1::b",
        "2001:db8:0:2::a")) {
      admission.release(ip(address));
    }
    assertThat(admission.open()).isZero();
    assertThat(process.open()).isZero();
    assertThat(admission.sources()).as("no entry is left for a source with no connection").isZero();
  }

  @Test
  void theProcessCapIsSharedByListeners() {
    ProcessConnections process = new ProcessConnections(3);
    Admission a = new Admission(listener(List.of(), List.of(), 10, 10, 64), new ListenerStats(), process);
    Admission b = new Admission(listener(List.of(), List.of(), 10, 10, 64), new ListenerStats(), process);
    assertThat(a.admit(ip("192.0.2.1"))).isNull();
    assertThat(b.admit(ip("192.0.2.2"))).isNull();
    assertThat(b.admit(ip("192.0.2.3"))).isNull();
    assertThat(a.admit(ip("192.0.2.4"))).isEqualTo(Rejection.PROCESS_LIMIT);
    assertThat(a.open()).isEqualTo(1);
    b.release(ip("192.0.2.2"));
    assertThat(a.admit(ip("192.0.2.4"))).isNull();
  }

  @Test
  void concurrentAdmissionsNeverExceedTheCapsAndAllReleasesReturnToZero() throws Exception {
    ProcessConnections process = new ProcessConnections(1000);
    Admission admission = new Admission(listener(List.of(), List.of(), 500, 50, 64), new ListenerStats(), process);
    int threads = 4;
    int perThread = 400;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    List<List<InetAddress>> kept = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        List<InetAddress> mine = new ArrayList<>();
        kept.add(mine);
        pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            InetAddress from = ip("192.0.2." + (i % 20));
            if (admission.admit(from) == null) {
              admitted.incrementAndGet();
              mine.add(from);
            }
          }
          return null;
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    // 20 sources of at most 50 each: 1000 wanted, the listener's 500 won
    assertThat(admitted.get()).isEqualTo(500);
    assertThat(admission.open()).isEqualTo(500);
    for (int i = 0; i < 20; i++) {
      assertThat(admission.openFrom(ip("192.0.2." + i))).isLessThanOrEqualTo(50);
    }
    for (List<InetAddress> mine : kept) {
      mine.forEach(admission::release);
    }
    assertThat(admission.open()).isZero();
    assertThat(process.open()).isZero();
    assertThat(admission.sources()).isZero();
  }

  @Test
  void theDefaultProcessCapLeavesATenthOfTheOpenFilesLimitAndAtLeast256() {
    assertThat(ProcessConnections.defaultMax(1024)).isEqualTo(768);
    assertThat(ProcessConnections.defaultMax(20_000)).isEqualTo(18_000);
    assertThat(ProcessConnections.defaultMax(1_048_576)).isEqualTo(943_719);
    assertThat(ProcessConnections.defaultMax(256)).isEqualTo(128);
    assertThat(ProcessConnections.defaultMax(-1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(ProcessConnections.of(new LimitsConfig(42), 1024).max()).isEqualTo(42);
    assertThat(ProcessConnections.of(LimitsConfig.DEFAULT, 1024).max()).isEqualTo(768);
  }

  @Test
  void theOpenFilesLimitIsReadFromTheJvm() {
    // on Linux the JVM raised the soft limit to the hard one (-XX:+MaxFDLimit): a real, positive figure
    assertThat(ProcessConnections.openFilesLimit()).isPositive();
  }
}
