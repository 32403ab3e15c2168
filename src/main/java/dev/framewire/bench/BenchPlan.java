package dev.framewire.bench;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code framewire bench} run: where to, in which framing, how much load for how long.
 *
 * @param protocol TCP (connections) or UDP (sockets, {@code datagram} framing)
 * @param host the target's host; {@code port} its port
 * @param framing how messages are framed and replies cut, as a listener's {@code framing}
 * @param connections TCP connections, or UDP sockets, each with its own window
 * @param window messages in flight per connection at most
 * @param size payload bytes of every message (the framing adds its delimiter or header)
 * @param warmup traffic before the measured period, checked but not counted
 * @param duration the measured period
 * @param rate 0 for closed loop (windows kept full), else messages per second over all
 *     connections, sent on schedule whatever the replies (open loop)
 * @param replyTimeout after the run, how long to wait for outstanding replies; UDP: after how long
 *     a datagram's reply counts as lost
 * @param connectTimeout bound on connecting all connections
 * @param threads event loops of the load generator
 * @param maxMessages bound on the messages sent over the whole run
 * @param tls TCP only: speak TLS, accepting any server certificate (a bench measures, it does not
 *     authenticate; point it at your own listener)
 */
public record BenchPlan(Protocol protocol, String host, int port, FramingConfig framing, int connections,
    int window, int size, Duration warmup, Duration duration, long rate, Duration replyTimeout,
    Duration connectTimeout, int threads, long maxMessages, boolean tls) {

  public BenchPlan {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(replyTimeout, "replyTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if ((protocol == Protocol.UDP) != (framing.type() == FramingType.DATAGRAM)) {
      throw new IllegalArgumentException("datagram framing is for UDP, and UDP has datagram framing only");
    }
    if (tls && protocol != Protocol.TCP) {
      throw new IllegalArgumentException("TLS is over TCP only");
    }
    if (framing.type() == FramingType.RAW) {
      throw new IllegalArgumentException("raw framing has no frame boundaries: replies cannot be counted");
    }
    if (connections < 1 || window < 1 || size < 1 || threads < 1 || maxMessages < 1 || rate < 0
        || duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      throw new IllegalArgumentException("out of range: " + this);
    }
  }
}
