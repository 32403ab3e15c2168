package dev.framewire.cli;

import dev.framewire.config.Durations;
import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.Protocol;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.Framings;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code client tcp://HOST:PORT}: a terminal client for a listener. Sends each line of standard
 * input as one frame in the listener's framing, prints each reply frame as one line.
 *
 * <pre>
 * $ printf 'hello\nworld\n' | framewire client tcp://127.0.0.1:7000
 * hello
 * world
 * $ framewire client --framing length-prefixed --header-bytes 2 tcp://127.0.0.1:7001
 * $ echo ping | framewire client udp://127.0.0.1:7002
 * $ framewire client --ca tls/ca.pem --cert tls/client.pem --key tls/client-key.pem tls://localhost:7443
 * </pre>
 *
 * <p>Errors are one line on stderr. A bad URL or option value is a usage error, exit 2 like
 * picocli's own usage errors; not being able to connect is exit 1. The server closing the
 * connection before the end of input and of the replies is exit 3, so that a script can tell it
 * from the normal end, 0.
 */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Talk to a listener from the terminal: send each line of standard input (UTF-8, without its "
            + "newline) as one frame, print each reply frame as one line as it arrives.",
        "Ends on a line 'exit' or at end of input, once as many reply frames as frames sent have "
            + "arrived or --wait has run out (raw: once the replies paused for 300 ms), or when the "
            + "server closes the connection.",
        "At a terminal, Ctrl-D ends the input; typed after a partial line, it sends that line as the "
            + "last one.",
        "udp://: each line is one datagram, each datagram received one reply (framing datagram).",
        "tls://: TCP with TLS; the server's certificate is checked against --ca (or the JDK's CAs) and the "
            + "host name (or --servername)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done: 'exit' or end of input, and the replies are in (or --wait ran out)",
        "1:cannot connect (udp://: port unreachable), a line could not be framed, or the replies "
            + "could not be framed",
        "2:bad URL or option",
        "3:the server closed the connection before the end of input and of the replies (unless 1 applies)"})
final class ClientCommand implements java.util.concurrent.Callable<Integer> {
  static final int EXIT_DONE = ExitCode.OK;
  static final int EXIT_FAILED = ExitCode.SOFTWARE;
  static final int EXIT_USAGE = ExitCode.USAGE;
  static final int EXIT_SERVER_CLOSED = 3;

  private static final String PREFIX = "framewire client: ";

  @Parameters(index = "0", paramLabel = "URL", description = "tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT")
  String url;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "tls://: PEM bundle of the CAs the server's certificate must chain to (default: the JDK's)")
  Path ca;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "tls://: this client's PEM certificate chain, for listeners with clientAuth (with --key)")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE",
      description = "tls://: the PEM key of --cert (PKCS#8, PKCS#1 RSA or EC, as listeners read keyPath)")
  Path key;

  @Option(names = "--servername", paramLabel = "NAME",
      description = "tls://: the server name to send (SNI) and to check the certificate against (default: the "
          + "URL's host, when it is a name)")
  String serverName;

  @Option(names = "--insecure",
      description = "tls://: accept any server certificate, checking nothing (warns on standard error)")
  boolean insecure;

  @Mixin
  FramingOptions framingOptions;

  @Option(names = "--size", paramLabel = "N", description = "fixed: frame size in bytes (required)")
  Integer size;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "2s",
      description = "At the end, how long to wait for outstanding replies (default ${DEFAULT-VALUE})")
  String waitFor;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "Bound on resolving the host and connecting (default ${DEFAULT-VALUE})")
  String connectTimeout;

  private InputStream stdin = System.in;
  private OutputStream stdout = System.out;
  private PrintStream stderr = System.err;
  /** The standard streams are the process's own: they may be a terminal. */
  private boolean ownStreams = true;

  /** For tests: where lines come from, replies go and errors are reported (not a terminal). */
  ClientCommand streams(InputStream in, OutputStream out, PrintStream err) {
    this.stdin = Objects.requireNonNull(in, "in");
    this.stdout = Objects.requireNonNull(out, "out");
    this.stderr = Objects.requireNonNull(err, "err");
    this.ownStreams = false;
    return this;
  }

  @Override
  public Integer call() {
    ClientUrl target;
    FramingConfig config;
    Duration wait;
    Duration timeout;
    FrameEncoder encoder;
    ClientTls tls;
    SSLContext context;
    try {
      target = ClientUrl.parse(url);
      config = framingOptions.config(target.protocol(), size);
      if (size != null && config.type() != FramingType.FIXED) {
        throw new IllegalArgumentException("--size applies to --framing fixed only (framing is "
            + config.type().json() + ")");
      }
      wait = duration("--wait", waitFor, false);
      timeout = duration("--connect-timeout", connectTimeout, true);
      // a line must fit one datagram; replies are framed with the full maxLength
      encoder = Framings.encoder(target.protocol() == Protocol.UDP
          ? config.withMaxLength(Math.min(config.maxLength(), ClientTransport.MAX_DATAGRAM)) : config);
      tls = tls(target);
      context = tls == null ? null : tls.context();
    } catch (IllegalArgumentException e) {
      stderr.println(PREFIX + e.getMessage());
      return EXIT_USAGE;
    }
    if (tls != null && tls.insecure()) {
      stderr.println(PREFIX + ClientTls.INSECURE_WARNING);
      stderr.flush();
    }

    ClientTransport transport;
    try {
      transport = ClientTransport.open(target, timeout, tls, context);
    } catch (IOException e) {
      stderr.println(PREFIX + "cannot connect to " + target + ": " + ClientTransport.describe(e, target.host()));
      return EXIT_FAILED;
    }
    return new ClientSession(transport, target, config, encoder, wait, stdin, stdout, stderr,
        ownStreams && onTerminal()).run();
  }

  /** The TLS options for a {@code tls://} URL (null otherwise: they are then refused). */
  private ClientTls tls(ClientUrl target) {
    if (!target.tls()) {
      for (Object[] option : new Object[][] {{"--ca", ca}, {"--cert", cert}, {"--key", key},
          {"--servername", serverName}, {"--insecure", insecure ? true : null}}) {
        if (option[1] != null) {
          throw new IllegalArgumentException(option[0] + " applies to tls:// only");
        }
      }
      return null;
    }
    return new ClientTls(ca, cert, key, serverName, insecure);
  }

  /** Standard input and output are a terminal: someone types, and sees the replies where they type. */
  static boolean onTerminal() {
    Console console = System.console(); // Java 17 to 21: null unless both are a terminal
    if (console == null) {
      return false;
    }
    try {
      // Java 22 and later return a Console when they are redirected too; isTerminal(), new in 22, tells
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** At most a day, so that every wait stays a bounded, int-sized number of milliseconds. */
  static Duration duration(String option, String text, boolean positive) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
    if (d.compareTo(Duration.ofDays(1)) > 0 || (positive && d.isZero())) {
      throw new IllegalArgumentException(option + " must be " + (positive ? "over 0 and " : "")
          + "at most 24h (was " + text + ")");
    }
    return d;
  }
}
