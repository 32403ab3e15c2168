package dev.framewire.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Plain Vert.x line echo, the second reference for what a connection costs: a {@link NetServer}
 * per event loop sharing one port, each socket's {@link RecordParser} made by its first bytes,
 * every line written back. It is what Vert.x's socket costs with nothing of Framewire's: the
 * floor any gateway on Vert.x's {@code NetServer} starts from ({@code bench/idle.sh} with
 * {@code REFERENCE=1} measures it beside Framewire and raw Netty).
 */
public final class VertxReferenceServer {
  private static final int MAX_LINE = 16 * 1024 * 1024;
  private static final Buffer NEWLINE = Buffer.buffer("\n");

  private final Vertx vertx;
  private final int port;

  private VertxReferenceServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /** The port of lines on TCP. */
  public int linesPort() {
    return port;
  }

  /**
   * Serves lines on {@code host:port} (a free port for 0) from {@code instances} event loops, all
   * on one port. On failure (a taken port), the Vert.x instance is closed before the future fails.
   */
  public static Future<VertxReferenceServer> start(String host, int port, int instances) {
    Objects.requireNonNull(host, "host");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(instances));
    Queue<Integer> bound = new ConcurrentLinkedQueue<>();
    Promise<VertxReferenceServer> started = Promise.promise();
    vertx.deployVerticle(() -> new Echo(host, port, bound), new DeploymentOptions().setInstances(instances))
        .onComplete(deployed -> {
          if (deployed.succeeded()) {
            started.complete(new VertxReferenceServer(vertx, bound.peek()));
          } else {
            vertx.close().onComplete(closed -> started.fail(deployed.cause()));
          }
        });
    return started.future();
  }

  /** Stops serving. */
  public Future<Void> close() {
    return vertx.close();
  }

  private static final class Echo extends VerticleBase {
    private final String host;
    private final int port;
    private final Queue<Integer> bound;

    Echo(String host, int port, Queue<Integer> bound) {
      this.host = host;
      this.port = port;
      this.bound = bound;
    }

    @Override
    public Future<?> start() {
      return vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
          .connectHandler(Echo::serve)
          .listen()
          .map(server -> bound.add(server.actualPort()));
    }

    private static void serve(NetSocket socket) {
      socket.handler(first -> {
        RecordParser lines = RecordParser.newDelimited(NEWLINE, line -> socket.write(line.copy().appendBuffer(NEWLINE)));
        lines.maxRecordSize(MAX_LINE);
        socket.handler(lines);
        lines.handle(first);
      });
    }
  }
}
