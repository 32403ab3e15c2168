package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Configs;
import dev.framewire.testutil.Eventually;
import dev.framewire.testutil.Gateway;
import dev.framewire.testutil.Http;
import dev.framewire.testutil.TcpClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Storms of bad clients on a real listener ({@code lines}, echo, port 0), each bounded in count
 * and time, while a few well-behaved clients on the same listener echo lines without pause and
 * check every reply byte for byte:
 * <ul>
 *   <li>garbage: random bytes, mostly lines far over {@code maxLength} (the listener closes those
 *       connections, {@code onOversize: close});</li>
 *   <li>resets in the middle of a frame: half a line, then {@code SO_LINGER 0} and close (RST);</li>
 *   <li>connect and vanish: connect, then close without a byte;</li>
 *   <li>half-open peers: a line, {@code shutdownOutput()}, and never a read.</li>
 * </ul>
 *
 * <p>During each storm the good clients see no error. Afterwards the listener is back where it
 * started: open connections (its {@link ListenerStats}, {@code framewire_connections_open} on
 * /metrics and the dashboard's connection list), the event-bus handlers registered (counted
 * through Vert.x's metrics SPI, per address; requests' reply handlers all gone), the heap after
 * GC within {@value #HEAP_TOLERANCE_MB} MB of its baseline (with a bounded wait), and the
 * process's resident memory beyond its committed heap ({@code VmRSS} from /proc/self/status minus
 * the committed heap) within {@value #RSS_TOLERANCE_MB} MB. Why that figure and that tolerance:
 * the heap is checked on its own; the build runs the storm tests in a JVM of their own (the
 * surefire execution {@code storms}) whose heap is fixed and touched at start
 * ({@code -Xms768m -Xmx768m -XX:+AlwaysPreTouch}), so what is left is native memory (Netty's
 * direct buffers, thread stacks, malloc arenas, JIT code). There it moved by at most 13 MB from
 * before a storm to after it, over 18 storms; in a JVM whose collector commits and touches heap
 * as it goes, the same figure swung by ±90 MB. {@value #RSS_TOLERANCE_MB} MB catches a leak of
 * 5 KB or more per bad connection over a storm of 10,000. The baseline is taken after a warm-up
 * round of the same storm and of good traffic, so pools and JIT are already there.
 *
 * <p>The good clients are request/response, so their rate shows how much a storm slows them on
 * the machine at hand; it is printed, not asserted (performance belongs in benchmarks); each must
 * complete at least one exchange during the storm. Each storm prints one line of figures
 * ({@code storm <name>: ...}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StormTest {
  /** Bad connections per storm, at least. */
  static final int STORM_CONNECTIONS = 1000;
  /**
   * Bad connections per storm, at most: a storm goes on past {@link #STORM_CONNECTIONS} until the
   * good clients have made {@link #GOOD_EXCHANGES} exchanges during it (a third each) (a connection flood from
   * the same machine is over in a fraction of a second otherwise). Half-open peers are held open
   * by the test, in the same process as the listener: fewer of those, to stay far from the limit
   * on open files.
   */
  static final int MAX_STORM_CONNECTIONS = 10_000;
  static final int MAX_HALF_OPEN = 3_000;
  /** Exchanges the good clients make, together, during each storm (they must each make one). */
  static final int GOOD_EXCHANGES = 30;
  /** Connections per storm in the warm-up round before the baseline. */
  static final int WARM_UP_CONNECTIONS = 100;
  /** Good exchanges before the baseline (or 2 s of them, whichever comes first). */
  static final int WARM_UP_EXCHANGES = 20_000;
  /** A storm stops early once it has run this long (the count is then reported as it was). */
  static final Duration STORM_LIMIT = Duration.ofSeconds(20);
  static final int GOOD_CLIENTS = 3;
  static final int ATTACKERS = 8;
  static final int MAX_LENGTH = 256;
  static final long HEAP_TOLERANCE_MB = 24;
  static final long RSS_TOLERANCE_MB = 48;
  static final String REPLY_HANDLERS = "(reply handlers)";

  /** Event-bus handlers registered now, per address; an address leaves the map with its last one. */
  private final Map<String, Long> handlers = new ConcurrentHashMap<>();
  /** Keys added to the listener's configuration (limits, for {@link LimitStormTest}). */
  final JsonObject listenerExtras = new JsonObject();
  /** The address the good clients connect from; null: the default (127.0.0.1). */
  String goodSource;
  Vertx vertx;
  Gateway gateway;
  private ExecutorService pool;

  /** A Vert.x whose metrics SPI counts event-bus handlers registered, per address. */
  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(options -> new VertxMetrics() {
          @Override
          public EventBusMetrics<String> createEventBusMetrics() {
            return new EventBusMetrics<>() {
              @Override
              public String handlerRegistered(String address) {
                handlers.merge(address, 1L, Long::sum);
                return address;
              }

              @Override
              public void handlerUnregistered(String address) {
                handlers.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
              }
            };
          }
        })
        .build();
    JsonObject listener = Configs.tcpListener("lines", "lines", "bytes", "storm.echo");
    listener.getJsonObject("framing").put("maxLength", MAX_LENGTH);
    listener.put("onOversize", "close");
    listener.getMap().putAll(listenerExtras.getMap());
    gateway = Gateway.start(vertx, new JsonObject()
        .put("listeners", new JsonArray().add(listener))
        .put("handlers", new JsonArray().add(Configs.handler("echo", "storm.echo")))
        .put("http", new JsonObject().put("port", 0)))
        .await(20, TimeUnit.SECONDS);
    pool = Executors.newFixedThreadPool(GOOD_CLIENTS + ATTACKERS);
  }

  @AfterEach
  void stop() throws Exception {
    if (pool != null) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }
    if (gateway != null) {
      gateway.stop().await(20, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  // ---- the storms ---------------------------------------------------------------------------

  @Test
  void garbage() throws Exception {
    long oversizedBefore = stats().oversized.sum();
    AtomicInteger notClosed = new AtomicInteger();
    storm("garbage", (port, i, random) -> {
      try (Socket socket = connect(port)) {
        // over maxLength + 1 (a line may hold maxLength bytes and the \r of its \r\n)
        byte[] junk = new byte[MAX_LENGTH + 2 + random.nextInt(4 * MAX_LENGTH)];
        random.nextBytes(junk);
        for (int at = 0; at < junk.length; at++) { // lines short enough to echo would be good input
          if (junk[at] == '\n') {
            junk[at] = '?';
          }
        }
        OutputStream out = socket.getOutputStream();
        try {
          out.write(junk);
          out.flush();
        } catch (IOException closedWhileWriting) {
          return; // the listener closed first: that is the point
        }
        if (!drainUntilClosed(socket)) {
          notClosed.incrementAndGet();
        }
      }
    });
    assertThat(notClosed).as("garbage connections the listener left open for 10 s").hasValue(0);
    assertThat(stats().oversized.sum() - oversizedBefore).as("oversized lines")
        .isGreaterThanOrEqualTo(STORM_CONNECTIONS);
  }

  @Test
  void resetsInTheMiddleOfAFrame() throws Exception {
    storm("reset mid-frame", (port, i, random) -> {
      Socket socket = connect(port);
      socket.getOutputStream().write(("half a line " + i).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoLinger(true, 0); // close() sends RST
      socket.close();
    });
  }

  @Test
  void connectAndVanish() throws Exception {
    storm("connect and vanish", (port, i, random) -> connect(port).close());
  }

  @Test
  void halfOpenPeers() throws Exception {
    List<Socket> peers = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      storm("half-open", (port, i, random) -> {
        Socket socket = connect(port);
        peers.add(socket);
        socket.getOutputStream().write(("never read " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput(); // and never a read: the echo sits in our receive buffer
      }, STORM_CONNECTIONS, MAX_HALF_OPEN, () -> {
        // the listener closes each half-closed connection after its reply, unread or not
        awaitOpenConnections(GOOD_CLIENTS);
        for (Socket socket : peers) {
          socket.close();
        }
        peers.clear();
      });
    } finally {
      for (Socket socket : peers) {
        socket.close();
      }
    }
  }

  // ---- the harness --------------------------------------------------------------------------

  /** One bad connection: {@code i} is its number in the storm. */
  @FunctionalInterface
  interface Attack {
    void run(int port, int i, Random random) throws Exception;
  }

  private void storm(String name, Attack attack) throws Exception {
    storm(name, attack, STORM_CONNECTIONS, MAX_STORM_CONNECTIONS, () -> { });
  }

  /**
   * Warm-up round, baseline, then the storm with the good clients running; {@code afterStorm} runs
   * once the bad connections are all thrown (to let go of sockets a storm holds).
   */
  void storm(String name, Attack attack, int min, int max, ThrowingRunnable afterStorm)
      throws Exception {
    int port = gateway.port("lines");
    GoodClients good = new GoodClients(port);
    try {
      good.start();
      throwConnections(attack, port, Math.min(min, WARM_UP_CONNECTIONS), Math.min(min, WARM_UP_CONNECTIONS),
          1, good, 0);
      afterStorm.run();
      awaitOpenConnections(GOOD_CLIENTS);
      // and the good path warm too (JIT, allocator caches): some thousands of exchanges, or 2 s
      long warmUntil = System.nanoTime() + 2_000_000_000L;
      Eventually.await(vertx, () -> good.exchanges.sum() >= WARM_UP_EXCHANGES
          || System.nanoTime() - warmUntil > 0, Duration.ofSeconds(5));

      long quietStart = System.nanoTime();
      long quietExchangesStart = good.exchanges.sum();
      Map<String, Long> handlersBefore = handlers();
      long heapBefore = settledHeap(Long.MAX_VALUE);
      long rssBefore = rss();
      long committedBefore = committedHeap();
      long directBefore = io.netty.util.internal.PlatformDependent.usedDirectMemory();
      long exchangesBefore = good.exchanges.sum();
      long stormStart = System.nanoTime();
      double quietRate = (exchangesBefore - quietExchangesStart) * 1e9 / (stormStart - quietStart);

      long[] perClientBefore = good.perClient();
      int thrown = throwConnections(attack, port, min, max, 2, good, GOOD_EXCHANGES / GOOD_CLIENTS);
      afterStorm.run(); // the storm lasts until its connections are gone
      long[] perClientDuring = good.perClient();
      for (int c = 0; c < GOOD_CLIENTS; c++) {
        perClientDuring[c] -= perClientBefore[c];
      }
      long stormNanos = System.nanoTime() - stormStart;
      long exchangesDuring = good.exchanges.sum() - exchangesBefore;

      awaitOpenConnections(GOOD_CLIENTS);
      long openAfter = openConnections();
      good.stop();
      try {
        // the same handlers as before, and no reply handler left once the good clients stopped
        Eventually.await(vertx, () -> handlers().equals(withoutReplyHandlers(handlersBefore)),
            Duration.ofSeconds(10));
      } catch (AssertionError e) {
        throw new AssertionError("event-bus handlers before " + handlersBefore + ", after " + handlers(), e);
      }
      long heapLimit = heapBefore + HEAP_TOLERANCE_MB * 1024 * 1024;
      long heapAfter = settledHeap(heapLimit);
      // resident memory beyond the heap: given a bounded wait to come back (GC'd direct buffers, trimmed arenas)
      long nativeLimit = rssBefore - committedBefore + RSS_TOLERANCE_MB * 1024 * 1024;
      try {
        Eventually.await(vertx, () -> {
          System.gc();
          return rss() - committedHeap() <= nativeLimit;
        }, Duration.ofSeconds(5));
      } catch (AssertionError overTheLimit) {
        // reported with the figures, then asserted
      }
      long rssAfter = rss();
      long committedAfter = committedHeap();
      long directAfter = io.netty.util.internal.PlatformDependent.usedDirectMemory();
      System.out.printf("storm %s: %d connections thrown in %d ms; good clients: %d exchanges during the"
              + " storm (%.0f/s; %.0f/s before it), %d errors; open connections after: %d (the good"
              + " clients); event-bus handlers: %d, as before; heap after GC %d -> %d MB (committed %d -> %d MB); RSS %d -> %d MB, beyond the committed heap %d -> %d MB; Netty direct memory %d -> %d MB%n",
          name, thrown, stormNanos / 1_000_000, exchangesDuring, exchangesDuring * 1e9 / stormNanos,
          quietRate, good.errors.size(), openAfter,
          handlers().values().stream().mapToLong(Long::longValue).sum(),
          mb(heapBefore), mb(heapAfter), mb(committedBefore), mb(committedAfter), mb(rssBefore),
          mb(rssAfter), mb(rssBefore - committedBefore), mb(rssAfter - committedAfter), mb(directBefore),
          mb(directAfter));
      assertThat(good.errors).as("errors seen by the good clients: %s", good.firstError).isEmpty();
      assertThat(Arrays.stream(perClientDuring).boxed().toList()).as("each good client's exchanges during the storm")
          .allMatch(n -> n > 0);
      assertThat(thrown).as("bad connections thrown").isGreaterThanOrEqualTo(min);
      assertThat(heapAfter).as("heap after GC, after the storm").isLessThanOrEqualTo(heapLimit);
      assertThat(mb(rssAfter - committedAfter)).as("RSS beyond the committed heap (MB) after the storm")
          .isLessThanOrEqualTo(mb(rssBefore - committedBefore) + RSS_TOLERANCE_MB);
    } finally {
      good.stop();
    }
  }

  /**
   * Throws at least {@code count} bad connections, {@link #ATTACKERS} at a time, and goes on (up to
   * {@code max}) until each good client has made {@code goodExchanges} exchanges meanwhile, so
   * that the storm and the good traffic overlap; stops at
   * {@link #STORM_LIMIT} whatever the counts. Returns how many were thrown.
   */
  private int throwConnections(Attack attack, int port, int count, int max, long seed,
      GoodClients good, long goodExchanges) throws Exception {
    long deadline = System.nanoTime() + STORM_LIMIT.toNanos();
    long[] atStart = good.perClient();
    AtomicInteger next = new AtomicInteger();
    List<Future<Integer>> attackers = new ArrayList<>();
    for (int a = 0; a < ATTACKERS; a++) {
      Random random = new Random(seed * 1000 + a);
      attackers.add(pool.submit(() -> {
        int done = 0;
        for (int i; (i = next.getAndIncrement()) < max
            && (i < count || good.fewestSince(atStart) < goodExchanges)
            && System.nanoTime() < deadline; done++) {
          attack.run(port, i, random);
        }
        return done;
      }));
    }
    int thrown = 0;
    for (Future<Integer> attacker : attackers) {
      thrown += attacker.get(STORM_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
    }
    return thrown;
  }

  /** The three views of a listener's open connections agree on {@code expected}. */
  void awaitOpenConnections(int expected) {
    long[] seen = new long[3];
    try {
      Eventually.await(vertx, () -> {
        seen[0] = openConnections();
        seen[1] = Math.round(Http.scrape(gateway.httpPort())
            .getOrDefault("framewire_connections_open{listener=\"lines\",protocol=\"tcp\"}", -1.0));
        seen[2] = new JsonObject(Http.get(gateway.httpPort(), "/api/snapshot").body())
            .getJsonArray("connections").size();
        return seen[0] == expected && seen[1] == expected && seen[2] == expected;
      }, Duration.ofSeconds(15));
    } catch (AssertionError e) {
      throw new AssertionError("open connections: stats " + seen[0] + ", /metrics " + seen[1]
          + ", dashboard " + seen[2] + "; expected " + expected, e);
    }
  }

  long openConnections() {
    return stats().connectionsOpened.sum() - stats().connectionsClosed.sum();
  }

  ListenerStats stats() {
    return gateway.stats("lines");
  }

  /**
   * Event-bus handlers registered now, per address (addresses with none left out). Requests'
   * reply handlers ({@code __vertx.reply.*}, one per frame awaiting its reply) are summed under
   * {@value #REPLY_HANDLERS}: the good clients keep one or two in flight while they run.
   */
  private Map<String, Long> handlers() {
    Map<String, Long> now = new TreeMap<>();
    handlers.forEach((address, count) ->
        now.merge(address.startsWith("__vertx.reply.") ? REPLY_HANDLERS : address, count, Long::sum));
    return now;
  }

  private static Map<String, Long> withoutReplyHandlers(Map<String, Long> handlers) {
    Map<String, Long> copy = new TreeMap<>(handlers);
    copy.remove(REPLY_HANDLERS);
    return copy;
  }

  /**
   * Used heap after a GC; with a {@code limit}, GCs again (paced by Vert.x timers, for at most 10
   * s) until used heap is at most {@code limit}, and returns the last figure either way.
   */
  private long settledHeap(long limit) {
    long[] used = {usedHeapAfterGc()};
    if (limit != Long.MAX_VALUE) {
      try {
        Eventually.await(vertx, () -> (used[0] = usedHeapAfterGc()) <= limit, Duration.ofSeconds(10));
      } catch (AssertionError overTheLimit) {
        // reported with the figures, then asserted
      }
    }
    return used[0];
  }

  private static long committedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** This process's resident set size, from /proc/self/status (bytes). */
  static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static long mb(long bytes) {
    return bytes / (1024 * 1024);
  }

  static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /**
   * Reads (and drops) until the listener closes the connection (true), or the read timeout passes
   * (false).
   */
  static boolean drainUntilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[4096];
    try {
      while (in.read(sink) >= 0) {
        // drop
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException resetByTheListener) {
      return true; // closed with our bytes unread on its side: a reset, as good as a close here
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * Clients that echo lines without pause, each on its own connection and thread, and check every
   * reply byte for byte. Any difference, exception or early close is an error.
   */
  private final class GoodClients {
    final LongAdder exchanges = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLongArray perClient =
        new java.util.concurrent.atomic.AtomicLongArray(GOOD_CLIENTS);
    final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile String firstError;
    private final int port;
    private final List<TcpClient> clients = new ArrayList<>();
    private final List<Future<?>> loops = new ArrayList<>();
    private volatile boolean stopping;

    GoodClients(int port) {
      this.port = port;
    }

    void start() {
      for (int c = 0; c < GOOD_CLIENTS; c++) {
        TcpClient client = goodSource == null ? new TcpClient(port) : TcpClient.from(goodSource, "127.0.0.1", port);
        clients.add(client);
        int id = c;
        loops.add(pool.submit(() -> echoLoop(client, id)));
      }
      awaitOpenConnections(GOOD_CLIENTS);
    }

    private void echoLoop(TcpClient client, int id) {
      // bounded: at most this many exchanges even if nobody stops the loop
      for (long n = 0; n < 10_000_000 && !stopping; n++) {
        byte[] line = ("good " + id + " #" + n + " " + "x".repeat((int) (n % 100)) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
        try {
          client.write(line);
          byte[] reply = client.read(line.length);
          if (!Arrays.equals(reply, line)) {
            error("client " + id + " sent " + new String(line, StandardCharsets.US_ASCII).strip()
                + ", got " + new String(reply, StandardCharsets.US_ASCII).strip());
            return;
          }
          exchanges.increment();
          perClient.incrementAndGet(id);
        } catch (RuntimeException e) {
          if (!stopping) {
            error("client " + id + ": " + e);
          }
          return;
        }
      }
    }

    /** The fewest exchanges any good client has made since {@code before} ({@link #perClient}). */
    long fewestSince(long[] before) {
      long fewest = Long.MAX_VALUE;
      for (int c = 0; c < GOOD_CLIENTS; c++) {
        fewest = Math.min(fewest, perClient.get(c) - before[c]);
      }
      return fewest;
    }

    long[] perClient() {
      long[] now = new long[GOOD_CLIENTS];
      for (int c = 0; c < GOOD_CLIENTS; c++) {
        now[c] = perClient.get(c);
      }
      return now;
    }

    private void error(String what) {
      if (firstError == null) {
        firstError = what;
      }
      errors.add(what);
    }

    void stop() throws Exception {
      if (stopping) {
        return;
      }
      stopping = true;
      for (Future<?> loop : loops) {
        loop.get(20, TimeUnit.SECONDS); // each loop ends after its exchange in progress
      }
      for (TcpClient client : clients) {
        client.close();
      }
    }
  }
}
