package dev.framewire.bench;

import dev.framewire.config.Protocol;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The connections of one event loop: deployed once per event loop, so that the connections spread
 * over them. {@link #start()} opens this instance's connections and succeeds once every attempt has
 * ended (failures are collected, not fatal: the run reports how many connected).
 */
final class LoadVerticle extends VerticleBase {
  private final Run run;
  private final List<Integer> ids;
  private final Queue<String> failures;
  private final List<Load> loads = new ArrayList<>();
  /** Latencies of this event loop's connections, which are its only writer. */
  private final SingleWriterRecorder latency = new SingleWriterRecorder(3);
  private NetClient client;

  /** What every instance shares: the plan, its resolved target, the tally. */
  record Run(BenchPlan plan, String address, Payloads payloads, Tally tally, long intervalNanos,
      long maxPerConnection) {}

  LoadVerticle(Run run, List<Integer> ids, Queue<String> failures) {
    this.run = run;
    this.ids = ids;
    this.failures = failures;
  }

  @Override
  public Future<?> start() {
    BenchPlan plan = run.plan();
    if (plan.protocol() == Protocol.TCP) {
      NetClientOptions options = new NetClientOptions().setTcpNoDelay(true)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, plan.connectTimeout().toMillis()));
      if (plan.tls()) {
        // measuring, not authenticating: any certificate, no host name check
        options.setSsl(true).setTrustAll(true).setHostnameVerificationAlgorithm("");
      }
      client = vertx.createNetClient(options);
    }
    List<Future<?>> attempts = new ArrayList<>();
    for (int id : ids) {
      attempts.add(open(id).andThen(r -> {
        if (r.succeeded()) {
          loads.add(r.result());
        } else {
          failures.add(String.valueOf(r.cause().getMessage()));
        }
      }).otherwiseEmpty());
    }
    return Future.join(attempts);
  }

  private Future<Load> open(int id) {
    BenchPlan plan = run.plan();
    long window = plan.window();
    if (plan.protocol() == Protocol.TCP) {
      return client.connect(plan.port(), run.address()).map(socket -> new TcpLoad(id, run.tally(), latency, run.payloads(),
          vertx, (int) window, run.intervalNanos(), run.maxPerConnection(), plan.framing(), socket));
    }
    String any = run.address().indexOf(':') >= 0 ? "::" : "0.0.0.0";
    return vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(any.equals("::"))).listen(0, any)
        .map(socket -> new UdpLoad(id, run.tally(), latency, run.payloads(), vertx, (int) window, run.intervalNanos(),
            run.maxPerConnection(), plan.framing(), socket, run.address(), plan.port(),
            plan.replyTimeout().toNanos()));
  }

  /** Adds the latencies recorded since the last call to {@code into}; from any thread. */
  void takeLatencies(Histogram into) {
    into.add(latency.getIntervalHistogram());
  }

  int connected() {
    return loads.size();
  }

  /** Starts every connection's traffic on this event loop; connection {@code i}'s pacing starts at {@code t0 + i * stagger}. */
  void begin(long t0, long staggerNanos) {
    context.runOnContext(v -> loads.forEach(l -> l.begin(t0 + l.id * staggerNanos)));
  }
}
