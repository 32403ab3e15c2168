package dev.framewire.monitor;

import dev.framewire.config.HttpConfig;
import dev.framewire.transport.ListenerStats;
import dev.framewire.transport.ListenerView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live dashboard on the monitoring server: a static page (classpath {@code dashboard/}, no
 * external resources) and the JSON it and {@code framewire top} read.
 * <pre>
 * GET  /  and /ui/*                     the page (no token needed: it holds no data; it asks for the token)
 * GET  /api/snapshot                    one snapshot (below)
 * GET  /api/stream                      Server-Sent Events: one snapshot a second, "data: {...}\n\n"
 * POST /api/connections/{id}/close      closes a TCP connection      (403 unless http.actions)
 * GET  /api/listeners/{name}/tail       the last frames received     (403 unless http.tail)
 * </pre>
 * A snapshot:
 * <pre>
 * {"time": 1733364000000, "actions": true, "tail": false,
 *  "listeners": [{"name": "lines", "protocol": "tcp", "address": "127.0.0.1:7002", "framing": "lines",
 *                 "codec": "text", "open": 2,
 *                 "totals": {"framesIn": 120, "framesOut": 120, "bytesIn": 960, "bytesOut": 960, "errors": 0},
 *                 "rates":  {"framesIn": 10.0, "framesOut": 10.0, "bytesIn": 80.0, "bytesOut": 80.0, "errors": 0.0}}],
 *  "connections": [{"id": "3f2a.lines.0.7", "listener": "lines", "remote": "127.0.0.1:50312",
 *                   "openedAt": 1733363990000, "framesIn": 60, "framesOut": 60, "bytesIn": 480, "bytesOut": 480}],
 *  "connectionsOpen": 2}
 * </pre>
 * Rates are per second over the last second, sampled by one timer on the monitoring server's event
 * loop, never per frame. {@code connections} lists at most {@link #MAX_CONNECTIONS} (oldest
 * first); {@code connectionsOpen} counts them all. With a token, every {@code /api} path needs
 * {@code Authorization: Bearer}; requests that change something must come from the page's own
 * origin (a browser's {@code Origin} header, when sent, must match {@code Host}).
 */
public final class Dashboard implements MonitorVerticle.Routes {
  /** At most this many connections in a snapshot. */
  public static final int MAX_CONNECTIONS = 500;
  static final long SAMPLE_MILLIS = 1_000;
  private static final HexFormat HEX = HexFormat.of();

  /** One listener as the dashboard shows it; its stats and view are safe to read from any thread. */
  private record Listener(String name, String protocol, String address, String framing, String codec,
      ListenerStats stats, ListenerView view) {}

  private final Vertx vertx;
  private final HttpConfig config;
  /** Added by the composition root as listeners bind, read on the monitoring server's loop. */
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  // the rest is confined to the monitoring server's event loop (its timer and its requests)
  private final Map<String, long[]> previous = new HashMap<>();
  private final Map<String, JsonObject> rates = new HashMap<>();
  private long previousAt;
  private final Set<HttpServerResponse> subscribers = new LinkedHashSet<>();

  public Dashboard(Vertx vertx, HttpConfig config) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Shows a bound listener (call once it is bound, from any thread).
   *
   * @param address where it is bound, {@code host:port}
   */
  public void addListener(String name, String protocol, String address, String framing, String codec,
      ListenerStats stats, ListenerView view) {
    listeners.add(new Listener(name, protocol, address, framing, codec, stats, view));
  }

  @Override
  public void addPublic(Router router) {
    StaticHandler page = StaticHandler.create("dashboard").setCachingEnabled(false).setIncludeHidden(false);
    router.get("/").handler(page);
    router.get("/ui/*").handler(page);
  }

  @Override
  public void addTo(Router router) {
    // called as the monitoring server starts, on its event loop: the timer runs there and stops with it
    vertx.setPeriodic(SAMPLE_MILLIS, id -> tick());
    router.get("/api/snapshot").handler(ctx -> snapshot().onComplete(ar -> {
      if (ar.succeeded()) {
        MonitorVerticle.json(ctx, 200, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    }));
    router.get("/api/stream").handler(this::stream);
    router.post("/api/connections/:id/close").handler(this::close);
    router.get("/api/listeners/:name/tail").handler(this::tail);
  }

  // ---- figures --------------------------------------------------------------------------------

  /** The figures the rates are made of, in the order of {@link #RATE_NAMES}. */
  private static long[] counters(ListenerStats s) {
    return new long[] {
      s.framesIn.sum(),
      s.repliesOut.sum() + s.pushesOut.sum() + s.errorFrames.sum(),
      s.bytesIn.sum(),
      s.bytesOut.sum(),
      errors(s)
    };
  }

  private static final String[] RATE_NAMES = {"framesIn", "framesOut", "bytesIn", "bytesOut", "errors"};

  /**
   * Frames and connections that went wrong: rejected frames (oversized, corrupt, undecodable),
   * failed requests (every {@link ListenerStats.RequestFailure}), slow consumers closed and
   * connections refused.
   */
  private static long errors(ListenerStats s) {
    return s.oversized.sum() + s.corrupt.sum() + s.decodeErrors.sum() + s.requestFailuresTotal()
        + s.slowConsumersClosed.sum() + s.rejectedTotal();
  }

  private void tick() {
    long now = System.nanoTime();
    double seconds = previousAt == 0 ? 0 : (now - previousAt) / 1e9;
    previousAt = now;
    for (Listener l : listeners) {
      long[] current = counters(l.stats());
      long[] before = previous.put(l.name(), current);
      JsonObject r = new JsonObject();
      for (int i = 0; i < RATE_NAMES.length; i++) {
        double rate = before == null || seconds <= 0 ? 0 : (current[i] - before[i]) / seconds;
        r.put(RATE_NAMES[i], Math.round(rate * 10) / 10.0);
      }
      rates.put(l.name(), r);
    }
    if (!subscribers.isEmpty()) {
      snapshot().onSuccess(this::publish);
    }
  }

  /** The figures now, with the rates of the last sample. */
  Future<JsonObject> snapshot() {
    List<Listener> shown = List.copyOf(listeners);
    List<Future<ListenerView.Connections>> lists = new ArrayList<>();
    for (Listener l : shown) {
      lists.add(l.protocol().equals("tcp") ? l.view().connections(MAX_CONNECTIONS)
          : Future.succeededFuture(new ListenerView.Connections(List.of(), 0)));
    }
    return Future.all(lists).map(all -> {
      JsonArray ls = new JsonArray();
      JsonArray cs = new JsonArray();
      int open = 0;
      for (int i = 0; i < shown.size(); i++) {
        Listener l = shown.get(i);
        long[] c = counters(l.stats());
        JsonObject totals = new JsonObject();
        for (int k = 0; k < RATE_NAMES.length; k++) {
          totals.put(RATE_NAMES[k], c[k]);
        }
        ListenerView.Connections connections = all.resultAt(i);
        open += connections.open();
        ls.add(new JsonObject().put("name", l.name()).put("protocol", l.protocol()).put("address", l.address())
            .put("framing", l.framing()).put("codec", l.codec())
            .put("open", l.protocol().equals("tcp") ? connections.open() : null)
            .put("totals", totals)
            .put("rates", rates.getOrDefault(l.name(), zeroRates())));
        for (ListenerView.ConnectionInfo ci : connections.oldest()) {
          if (cs.size() < MAX_CONNECTIONS) {
            cs.add(new JsonObject().put("id", ci.id()).put("listener", ci.listener()).put("remote", ci.remote())
                .put("openedAt", ci.openedAt()).put("framesIn", ci.framesIn()).put("framesOut", ci.framesOut())
                .put("bytesIn", ci.bytesIn()).put("bytesOut", ci.bytesOut()));
          }
        }
      }
      return new JsonObject().put("time", System.currentTimeMillis()).put("actions", config.actions())
          .put("tail", config.tail()).put("listeners", ls).put("connections", cs).put("connectionsOpen", open);
    });
  }

  private static JsonObject zeroRates() {
    JsonObject r = new JsonObject();
    for (String name : RATE_NAMES) {
      r.put(name, 0.0);
    }
    return r;
  }

  // ---- the stream -----------------------------------------------------------------------------

  private void stream(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Accel-Buffering", "no");
    subscribers.add(response);
    response.closeHandler(v -> subscribers.remove(response));
    snapshot().onSuccess(s -> send(response, s));
  }

  private void publish(JsonObject snapshot) {
    for (HttpServerResponse response : subscribers) {
      // a reader that does not keep up misses snapshots rather than piling them up here
      if (!response.writeQueueFull()) {
        send(response, snapshot);
      }
    }
  }

  private void send(HttpServerResponse response, JsonObject snapshot) {
    if (!response.closed() && !response.ended()) {
      response.write(Buffer.buffer("data: ").appendString(snapshot.encode()).appendString("\n\n"));
    }
  }

  // ---- actions --------------------------------------------------------------------------------

  private void close(RoutingContext ctx) {
    if (!config.actions()) {
      MonitorVerticle.json(ctx, 403, error("actions are off: set http.actions to true to close connections"));
      return;
    }
    if (!sameOrigin(ctx)) {
      MonitorVerticle.json(ctx, 403, error("cross-origin request refused"));
      return;
    }
    String id = ctx.pathParam("id");
    List<Future<Boolean>> closed = new ArrayList<>();
    for (Listener l : listeners) {
      if (l.protocol().equals("tcp")) {
        closed.add(l.view().close(id));
      }
    }
    Future.all(closed).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().list().contains(Boolean.TRUE)) {
        MonitorVerticle.json(ctx, 200, new JsonObject().put("closed", id));
      } else {
        MonitorVerticle.json(ctx, 404, error("no open connection " + id));
      }
    });
  }

  /** A browser sends {@code Origin} with a POST; another site's page must not close connections here. */
  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;  // not a browser's cross-site request (curl, top)
    }
    HostAndPort authority = ctx.request().authority();
    try {
      URI uri = URI.create(origin);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      return authority != null && authority.host().equalsIgnoreCase(uri.getHost())
          && (authority.port() >= 0 ? authority.port() : 80) == port;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void tail(RoutingContext ctx) {
    if (!config.tail()) {
      MonitorVerticle.json(ctx, 403, error("the tail is off: set http.tail to true to see frames"));
      return;
    }
    String name = ctx.pathParam("name");
    Listener listener = listeners.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    if (listener == null) {
      MonitorVerticle.json(ctx, 404, error("no listener " + name));
      return;
    }
    listener.view().tail().onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray frames = new JsonArray();
      for (ListenerView.TailFrame f : ar.result()) {
        frames.add(new JsonObject().put("time", f.time()).put("connection", f.connection()).put("remote", f.remote())
            .put("length", f.length()).put("hex", HEX.formatHex(f.body())));
      }
      MonitorVerticle.json(ctx, 200, new JsonObject().put("listener", name)
          .put("maxBytes", ListenerView.TAIL_BODY_BYTES).put("frames", frames));
    });
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }
}
