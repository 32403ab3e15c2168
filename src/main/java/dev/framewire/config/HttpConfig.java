package dev.framewire.config;

import java.util.Objects;

/**
 * The monitoring HTTP server: Prometheus metrics, health and readiness probes, and the live
 * dashboard, on one port. Absent: no HTTP server, no metrics beyond the counters printed at stop.
 *
 * <pre>
 * "http": {
 *   "port": 8080,
 *   "token": "s3cret",      // optional: every path but /health, /ready and the dashboard's page needs "Authorization: Bearer s3cret"
 *   "actions": true,        // optional: the dashboard may close connections
 *   "tail": true            // optional: the dashboard may show the last frames of a listener
 * }
 * </pre>
 *
 * @param host interface to bind; default {@link ListenerConfig#DEFAULT_HOST} (loopback)
 * @param port TCP port, 0..65535 (0: any free port)
 * @param token the bearer token required on every path but {@code /health}, {@code /ready} and the
 *     dashboard's static page (which holds no data and asks for the token), or null for none
 * @param actions whether the dashboard may change anything (close a connection); default false
 * @param tail whether the dashboard may show frame bodies (the live tail); default false, since
 *     frames may carry private data
 */
public record HttpConfig(String host, int port, String token, boolean actions, boolean tail) {

  public HttpConfig {
    Objects.requireNonNull(host, "host");
  }
}
