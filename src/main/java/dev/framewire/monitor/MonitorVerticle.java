package dev.framewire.monitor;

import dev.framewire.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The monitoring HTTP server of the {@code http} section:
 * <pre>
 * GET /health    200 {"status":"UP",...} while the process runs          (never needs the token)
 * GET /ready     200 when ready for traffic, 503 otherwise (see Health)     (never needs the token)
 * GET /metrics   Prometheus text format                                      (the token, if set)
 * </pre>
 * With a {@code token}, every other path needs {@code Authorization: Bearer <token>}; a request
 * without it is answered 401.
 */
public final class MonitorVerticle extends VerticleBase {
  private final HttpConfig config;
  private final Metrics metrics;
  private final Health health;
  private final Routes routes;
  private HttpServer server;

  /**
   * @param routes adds the dashboard's routes (behind the token check), or does nothing
   */
  public MonitorVerticle(HttpConfig config, Metrics metrics, Health health, Routes routes) {
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.health = Objects.requireNonNull(health, "health");
    this.routes = Objects.requireNonNull(routes, "routes");
  }

  /** Adds routes to the monitoring server's router, behind the token check. */
  @FunctionalInterface
  public interface Routes {
    void addTo(Router router);

    Routes NONE = router -> { };
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> json(ctx, 200, health.liveness()));
    router.get("/ready").handler(ctx -> json(ctx, health.ready() ? 200 : 503, health.readiness()));
    if (config.token() != null) {
      router.route().handler(this::authorize);
    }
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    routes.addTo(router);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router);
    return server.listen();
  }

  /** The port the server is bound to. */
  public int actualPort() {
    return server.actualPort();
  }

  private void authorize(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    byte[] expected = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"framewire\"")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", "a bearer token is required").encode());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.encode());
  }
}
