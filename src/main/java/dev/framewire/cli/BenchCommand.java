package dev.framewire.cli;

import dev.framewire.bench.Bench;
import dev.framewire.bench.BenchPlan;
import dev.framewire.bench.BenchResult;
import dev.framewire.bench.ReferenceServer;
import dev.framewire.bench.VertxReferenceServer;
import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.Protocol;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench tcp://HOST:PORT}: drives an echo server (a Framewire listener with the {@code echo}
 * handler, or any server that writes every frame back) and reports throughput and latency. The load
 * generator itself is {@link Bench}; this class only reads the options and prints.
 *
 * <pre>
 * $ framewire bench --connections 50 --in-flight 16 --size 63 tcp://127.0.0.1:7002
 * $ framewire bench --framing length-prefixed --size 256 --json tcp://127.0.0.1:7101
 * $ framewire bench --connections 4 --size 128 --rate 50000 udp://127.0.0.1:7200
 * $ framewire bench tls://127.0.0.1:7443
 * </pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Load an echo server: every connection keeps --in-flight messages of --size payload bytes in flight "
            + "(or, with --rate, sends on a fixed schedule), checks every reply byte for byte and in order, "
            + "and reports messages/s, MB/s, latency percentiles and errors.",
        "At a terminal, a progress line shows the rate, p99 and errors each second."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every reply right (UDP: lost datagrams are counted, not errors)",
        "1:errors (a wrong, missing or extra reply, a framing error, a connection failed or closed), "
            + "no reply at all, or cannot connect",
        "2:bad URL or option"})
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
  private static final String PREFIX = "framewire bench: ";
  /** How long {@code --serve-reference} serves at most. */
  private static final Duration REFERENCE_LIFETIME = Duration.ofHours(1);

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
      description = "tcp://HOST:PORT, tls://HOST:PORT (any certificate accepted) or udp://HOST:PORT, "
          + "a listener whose handler echoes")
  String url;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "10",
      description = "TCP connections, or UDP sockets (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "16",
      description = "Messages in flight per connection at most (default ${DEFAULT-VALUE})")
  int inFlight;

  @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
      description = "Payload bytes per message, without the framing's delimiter or header "
          + "(default ${DEFAULT-VALUE}); the frame size of --framing fixed")
  int size;

  @Mixin
  FramingOptions framingOptions;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s",
      description = "Measured period (default ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s",
      description = "Traffic before the measured period, checked but not counted (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
      description = "Open loop: N messages per second over all connections, on schedule whatever the replies; "
          + "latency counts from when each message was due (default 0: closed loop, windows kept full)")
  long rate;

  @Option(names = "--reply-timeout", paramLabel = "DURATION", defaultValue = "2s",
      description = "At the end, how long to wait for outstanding replies; UDP: when a reply counts as lost "
          + "(default ${DEFAULT-VALUE})")
  String replyTimeout;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "Bound on opening all connections (default ${DEFAULT-VALUE})")
  String connectTimeout;

  @Option(names = "--threads", paramLabel = "N",
      description = "Event loops of the load generator (default: the number of processors)")
  Integer threads;

  @Option(names = "--max-messages", paramLabel = "N", defaultValue = "1000000000",
      description = "Bound on the messages sent in all (default ${DEFAULT-VALUE})")
  long maxMessages;

  @Option(names = "--json", description = "Print the summary as one JSON object")
  boolean json;

  @Option(names = "--progress", negatable = true,
      description = "Show the progress line (default: when at a terminal); on standard error")
  Boolean progress;

  @Option(names = "--serve-reference", paramLabel = "PORT", hidden = true,
      description = "Instead: serve raw Netty echo on 127.0.0.1 (lines on PORT, length-prefixed on PORT+1, "
          + "UDP on PORT) until stopped, at most an hour")
  Integer serveReference;

  @Option(names = "--reference", paramLabel = "KIND", hidden = true, defaultValue = "netty",
      description = "With --serve-reference: netty (raw Netty, every framing) or vertx (plain Vert.x "
          + "NetServer, lines on PORT only)")
  String reference;

  private PrintStream stdout = System.out;
  private PrintStream stderr = System.err;

  /** For tests: where the summary and errors go. */
  BenchCommand streams(PrintStream out, PrintStream err) {
    this.stdout = Objects.requireNonNull(out, "out");
    this.stderr = Objects.requireNonNull(err, "err");
    return this;
  }

  @Override
  public Integer call() throws InterruptedException {
    int processors = Runtime.getRuntime().availableProcessors();
    if (serveReference != null) {
      return serveReference(threads == null ? processors : threads);
    }
    BenchPlan plan;
    try {
      plan = plan(processors);
    } catch (IllegalArgumentException e) {
      stderr.println(PREFIX + e.getMessage());
      return ExitCode.USAGE;
    }
    boolean showProgress = progress != null ? progress : ClientCommand.onTerminal();
    Consumer<String> line = showProgress ? l -> stderr.print("\r" + l) : l -> { };
    BenchResult result;
    try {
      result = Bench.run(plan, line);
    } catch (IOException e) {
      if (showProgress) {
        stderr.println();
      }
      stderr.println(PREFIX + e.getMessage());
      return ExitCode.SOFTWARE;
    }
    if (showProgress) {
      stderr.println();
    }
    stdout.println(json ? result.toJson().encode() : result.toText());
    if (result.connected() < plan.connections()) {
      stderr.println(PREFIX + (plan.connections() - result.connected()) + " of " + plan.connections()
          + " connections failed to open");
    }
    if (result.verified() == 0) {
      stderr.println(PREFIX + "no reply came back");
      return ExitCode.SOFTWARE;
    }
    return result.errors() == 0 ? ExitCode.OK : ExitCode.SOFTWARE;
  }

  private BenchPlan plan(int processors) {
    if (url == null) {
      throw new IllegalArgumentException("missing URL (" + ClientUrl.FORMS + ")");
    }
    ClientUrl target = ClientUrl.parse(url);
    FramingConfig framing = framingOptions.config(target.protocol(),
        framingOptions.isFixed() ? size : null);
    if (framing.type() == FramingType.RAW) {
      throw new IllegalArgumentException("--framing raw has no frame boundaries: replies cannot be counted");
    }
    int maxSize = target.protocol() == Protocol.UDP
        ? Math.min(framing.maxLength(), ClientTransport.MAX_DATAGRAM) : framing.maxLength();
    check(size >= 1 && size <= maxSize, "--size must be 1.." + maxSize + " (was " + size + ")");
    check(connections >= 1 && connections <= 10_000, "--connections must be 1..10000 (was " + connections + ")");
    check(inFlight >= 1 && inFlight <= 100_000, "--in-flight must be 1..100000 (was " + inFlight + ")");
    check(rate >= 0, "--rate must be >= 0 (was " + rate + ")");
    check(maxMessages >= 1, "--max-messages must be >= 1 (was " + maxMessages + ")");
    int loops = threads == null ? processors : threads;
    check(loops >= 1 && loops <= 256, "--threads must be 1..256 (was " + loops + ")");
    return new BenchPlan(target.protocol(), target.host(), target.port(), framing, connections, inFlight, size,
        ClientCommand.duration("--warmup", warmup, false), ClientCommand.duration("--duration", duration, true),
        rate, ClientCommand.duration("--reply-timeout", replyTimeout, true),
        ClientCommand.duration("--connect-timeout", connectTimeout, true), loops, maxMessages, target.tls());
  }

  /** Waits on this command's thread (never one of Vert.x's) for {@code future}; its failure is thrown. */
  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * The reference servers, raw Netty or plain Vert.x, until SIGTERM or Ctrl-C (at most
   * {@link #REFERENCE_LIFETIME}).
   */
  private int serveReference(int loops) throws InterruptedException {
    int port = serveReference;
    if (port < 1 || port > 65534) {
      stderr.println(PREFIX + "--serve-reference must be 1..65534 (was " + port + ")");
      return ExitCode.USAGE;
    }
    Runnable stop;
    String serves;
    try {
      switch (reference) {
        case "netty" -> {
          stop = ReferenceServer.start("127.0.0.1", port, loops)::close;
          serves = "reference echo on 127.0.0.1: lines tcp " + port + ", length-prefixed tcp " + (port + 1)
              + ", udp " + port;
        }
        case "vertx" -> {
          VertxReferenceServer server = await(VertxReferenceServer.start("127.0.0.1", port, loops));
          stop = () -> await(server.close());
          serves = "reference echo (plain Vert.x) on 127.0.0.1: lines tcp " + port;
        }
        default -> {
          stderr.println(PREFIX + "--reference must be netty or vertx (was " + reference + ")");
          return ExitCode.USAGE;
        }
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) { // a taken port: a BindException, which Netty throws unchecked (Vert.x's future fails with it)
      stderr.println(PREFIX + "cannot serve on 127.0.0.1:" + port + ("netty".equals(reference) ? " or " + (port + 1) : "")
          + ": " + e.getMessage());
      return ExitCode.SOFTWARE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }, "framewire-reference-stop"));
    stdout.println(serves);
    stdout.flush();
    stopped.await(REFERENCE_LIFETIME.toSeconds(), TimeUnit.SECONDS);
    stop.run();
    return ExitCode.OK;
  }
}
