package dev.framewire.bench;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What a run measured. Counts are messages; latencies microseconds, from the send (closed loop) or
 * from when the message was due (open loop).
 *
 * @param messages replies verified during the measured period
 * @param seconds length of the measured period
 * @param frameBytes bytes of one framed message on the wire (each way)
 * @param errors wrong replies (bytes or order), replies to nothing, framing errors, connections
 *     closed by the server, and messages unanswered at the end over TCP
 * @param lost UDP datagrams whose reply never came (not errors: UDP may drop)
 * @param unanswered messages still unanswered after the reply timeout at the end (included in
 *     {@code errors} for TCP, in {@code lost} for UDP)
 * @param sent every message sent, warm-up and drain included
 * @param verified every reply verified, warm-up and drain included
 */
public record BenchResult(String target, String framing, int connections, int window, int size, long rate,
    long messages, double seconds, int frameBytes, double p50, double p90, double p99, double p999, double max,
    long errors, long lost, long unanswered, long sent, long verified, int connected) {

  public double messagesPerSecond() {
    return seconds > 0 ? messages / seconds : 0;
  }

  public double megabytesPerSecond() {
    return messagesPerSecond() * frameBytes / 1e6;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("target", target).put("framing", framing).put("connections", connections).put("in_flight", window)
        .put("size", size).put("rate", rate).put("seconds", round(seconds, 3))
        .put("messages", messages).put("msgs_per_s", round(messagesPerSecond(), 0))
        .put("mb_per_s", round(megabytesPerSecond(), 2))
        .put("p50_us", round(p50, 1)).put("p90_us", round(p90, 1)).put("p99_us", round(p99, 1))
        .put("p999_us", round(p999, 1)).put("max_us", round(max, 1))
        .put("errors", errors).put("lost", lost).put("unanswered", unanswered)
        .put("sent", sent).put("verified", verified).put("connected", connected);
  }

  /** The summary for a terminal, a few lines. */
  public String toText() {
    return String.format(Locale.ROOT,
        "%s %s: %d %s x %d in flight, %d B payloads, %s%n"
            + "messages  %,d in %.1f s: %,.0f msgs/s, %.1f MB/s%n"
            + "latency   p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n"
            + "errors    %d%s (sent %,d, verified %,d)",
        target, framing, connections, (target.startsWith("udp") ? "socket" : "connection") + (connections == 1 ? "" : "s"),
        window, size,
        rate == 0 ? "closed loop" : String.format(Locale.ROOT, "%,d msgs/s open loop", rate),
        messages, seconds, messagesPerSecond(), megabytesPerSecond(),
        micros(p50), micros(p90), micros(p99), micros(p999), micros(max),
        errors, target.startsWith("udp") ? String.format(Locale.ROOT, "  lost %d", lost) : "", sent, verified);
  }

  static String micros(double us) {
    return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.0f us", us);
  }

  private static double round(double v, int places) {
    double scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }
}
