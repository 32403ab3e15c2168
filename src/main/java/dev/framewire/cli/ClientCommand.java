package dev.framewire.cli;

import dev.framewire.config.Escapes;
import dev.framewire.config.Durations;
import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.Protocol;
import dev.framewire.config.Sizes;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.Framings;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
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
        "udp://: each line is one datagram, each datagram received one reply (framing datagram)."},
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

  @Parameters(index = "0", paramLabel = "URL", description = "tcp://HOST:PORT or udp://HOST:PORT")
  String url;

  @Option(names = "--framing", paramLabel = "TYPE",
      description = "raw, lines, delimited, fixed, length-prefixed, octet-counting (tcp://; "
          + "default lines) or datagram (udp://, the default there); as the listener's framing.type")
  String framing;

  @Option(names = "--delimiter", paramLabel = "BYTES",
      description = "delimited (default \\n), datagram (optional: splits reply datagrams). "
          + "Escapes \\n \\r \\t \\0 \\\\ \\xHH \\uHHHH, e.g. '\\r\\n'")
  String delimiter;

  @Option(names = "--size", paramLabel = "N", description = "fixed: frame size in bytes (required)")
  Integer size;

  @Option(names = "--header-bytes", paramLabel = "N", description = "length-prefixed: 1, 2, 4 or 8 (default 4)")
  Integer headerBytes;

  @Option(names = "--byte-order", paramLabel = "ORDER", description = "length-prefixed: big (default) or little")
  String byteOrder;

  @Option(names = "--length-includes-header", description = "length-prefixed: the length counts the header too")
  Boolean lengthIncludesHeader;

  @Option(names = "--max-length", paramLabel = "SIZE", defaultValue = "64KiB",
      description = "Longest frame either way (default ${DEFAULT-VALUE}); a longer reply is printed truncated")
  String maxLength;

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
    try {
      target = ClientUrl.parse(url);
      config = framing(target.protocol());
      wait = duration("--wait", waitFor, false);
      timeout = duration("--connect-timeout", connectTimeout, true);
      // a line must fit one datagram; replies are framed with the full maxLength
      encoder = Framings.encoder(target.protocol() == Protocol.UDP
          ? config.withMaxLength(Math.min(config.maxLength(), ClientTransport.MAX_DATAGRAM)) : config);
    } catch (IllegalArgumentException e) {
      stderr.println(PREFIX + e.getMessage());
      return EXIT_USAGE;
    }

    ClientTransport transport;
    try {
      transport = ClientTransport.open(target, timeout);
    } catch (IOException e) {
      stderr.println(PREFIX + "cannot connect to " + target + ": " + ClientTransport.describe(e, target.host()));
      return EXIT_FAILED;
    }
    return new ClientSession(transport, target, config, encoder, wait, stdin, stdout, stderr,
        ownStreams && onTerminal()).run();
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

  /** The framing the options describe, checked as {@code framing} in a listener's config is. */
  private FramingConfig framing(Protocol protocol) {
    FramingType type = framing == null
        ? (protocol == Protocol.UDP ? FramingType.DATAGRAM : FramingType.LINES)
        : Arrays.stream(FramingType.values()).filter(t -> t.json().equals(framing)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("--framing must be one of "
                + Arrays.stream(FramingType.values()).map(FramingType::json).collect(Collectors.joining(", "))
                + " (was \"" + framing + "\")"));
    if (protocol == Protocol.UDP && type != FramingType.DATAGRAM) {
      throw new IllegalArgumentException("udp:// sends one datagram per line: --framing must be datagram (was "
          + type.json() + ")");
    }
    if (protocol == Protocol.TCP && type == FramingType.DATAGRAM) {
      throw new IllegalArgumentException("--framing datagram is for udp:// only");
    }
    onlyFor(delimiter, "--delimiter", type, FramingType.DELIMITED, FramingType.DATAGRAM);
    onlyFor(size, "--size", type, FramingType.FIXED);
    onlyFor(headerBytes, "--header-bytes", type, FramingType.LENGTH_PREFIXED);
    onlyFor(byteOrder, "--byte-order", type, FramingType.LENGTH_PREFIXED);
    onlyFor(lengthIncludesHeader, "--length-includes-header", type, FramingType.LENGTH_PREFIXED);

    long max;
    try {
      max = Sizes.parse(maxLength);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--max-length: " + e.getMessage());
    }
    if (max < 1 || max > FramingConfig.MAX_MAX_LENGTH) {
      throw new IllegalArgumentException("--max-length must be 1.." + FramingConfig.MAX_MAX_LENGTH
          + " bytes (was " + maxLength + ")");
    }
    FramingConfig config = FramingConfig.of(type).withMaxLength((int) max);
    if (delimiter != null) {
      byte[] bytes;
      try {
        bytes = Escapes.decode(delimiter);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--delimiter: " + e.getMessage());
      }
      if (bytes.length < 1 || bytes.length > FramingConfig.MAX_DELIMITER_LENGTH) {
        throw new IllegalArgumentException("--delimiter must be 1.." + FramingConfig.MAX_DELIMITER_LENGTH
            + " bytes (was " + bytes.length + ")");
      }
      config = config.withDelimiter(bytes);
    }
    if (type == FramingType.FIXED) {
      if (size == null) {
        throw new IllegalArgumentException("--framing fixed needs --size");
      }
      if (size < 1 || size > max) {
        throw new IllegalArgumentException("--size must be 1.." + max + " (was " + size + ")");
      }
      config = config.withSize(size);
    }
    if (type == FramingType.LENGTH_PREFIXED) {
      int header = headerBytes == null ? FramingConfig.DEFAULT_HEADER_BYTES : headerBytes;
      if (header != 1 && header != 2 && header != 4 && header != 8) {
        throw new IllegalArgumentException("--header-bytes must be 1, 2, 4 or 8 (was " + header + ")");
      }
      ByteOrder order = byteOrder == null ? FramingConfig.DEFAULT_BYTE_ORDER : switch (byteOrder) {
        case "big" -> ByteOrder.BIG_ENDIAN;
        case "little" -> ByteOrder.LITTLE_ENDIAN;
        default -> throw new IllegalArgumentException("--byte-order must be big or little (was " + byteOrder + ")");
      };
      config = config.withHeader(header, order,
          lengthIncludesHeader == null ? FramingConfig.DEFAULT_LENGTH_INCLUDES_HEADER : lengthIncludesHeader);
    }
    return config;
  }

  private static void onlyFor(Object value, String option, FramingType type, FramingType... types) {
    if (value != null && !Arrays.asList(types).contains(type)) {
      throw new IllegalArgumentException(option + " applies to --framing "
          + Arrays.stream(types).map(FramingType::json).collect(Collectors.joining(" or "))
          + " only (framing is " + type.json() + ")");
    }
  }

  /** At most a day, so that every wait stays a bounded, int-sized number of milliseconds. */
  private static Duration duration(String option, String text, boolean positive) {
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
