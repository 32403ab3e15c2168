package dev.framewire.cli;

import dev.framewire.testutil.Commands;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code client} run in-process through {@link Main#commandLine()}, against tiny blocking servers on
 * loopback port 0 (never the Framewire listeners). Each server records the exact bytes it received.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientCommandTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  // ---- lines and other TCP framings ----

  @Test
  void linesRoundTripPrintsOneLinePerReplyFrame() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> echoLines(p, "> "))) {
      r = run(Stdin.of("hello\r\nwörld\n\n"), server.url());
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("hello\nwörld\n\n".getBytes(UTF_8));
    }
    assertThat(r).isEqualTo(new Result(0, "> hello\n> wörld\n> \n", ""));
  }

  @Test
  void exitLineEndsTheInputAndIsNotSent() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> echoLines(p, "> "))) {
      r = run(Stdin.of("one\nexit\ntwo\n"), server.url());
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("one\n".getBytes(UTF_8));
    }
    assertThat(r).isEqualTo(new Result(0, "> one\n", ""));
  }

  @Test
  void endOfInputWaitsForOutstandingRepliesAndEndsOnTheLastOne() throws Exception {
    Stdin stdin = Stdin.of("a\nb\nc\n");
    Result r;
    long took;
    try (TcpServer server = new TcpServer(p -> {
      // every reply is held back until the client has read the end of its input
      byte[][] lines = {readUntil(p, "\n"), readUntil(p, "\n"), readUntil(p, "\n")};
      assertThat(stdin.endReached.await(5, TimeUnit.SECONDS)).isTrue();
      for (byte[] line : lines) {
        p.out().write(("> " + new String(line, UTF_8)).getBytes(UTF_8));
      }
      drain(p);
    })) {
      long start = System.nanoTime();
      // a wait far beyond the class @Timeout: only ending on the third reply passes
      r = run(stdin, "--wait", "1h", server.url());
      took = System.nanoTime() - start;
    }
    assertThat(r).isEqualTo(new Result(0, "> a\n> b\n> c\n", ""));
    System.out.printf("client: ended on the third reply after %d ms%n", TimeUnit.NANOSECONDS.toMillis(took));
  }

  @Test
  void waitRunsOutWhenAReplyNeverComes() throws Exception {
    Result r;
    long took;
    Stdin stdin = Stdin.of("first\nsecond\n");
    try (TcpServer server = new TcpServer(p -> {
      readUntil(p, "\n");
      readUntil(p, "\n");
      // the first reply only once the input has ended: the client must be waiting to print it
      assertThat(stdin.endReached.await(5, TimeUnit.SECONDS)).isTrue();
      p.out().write("> first\n".getBytes(UTF_8));
      drain(p); // the second line gets no reply
    })) {
      long start = System.nanoTime();
      r = run(stdin, "--wait", "300ms", server.url());
      took = System.nanoTime() - start;
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("first\nsecond\n".getBytes(UTF_8));
    }
    assertThat(r).isEqualTo(new Result(0, "> first\n", ""));
    System.out.printf("client: --wait 300ms ran out after %d ms%n", TimeUnit.NANOSECONDS.toMillis(took));
  }

  @Test
  void serverClosingPrintsWhatArrivedAndExitsThreeWithoutWaitingForInput() throws Exception {
    Stdin stdin = Stdin.blockingAfter("bye\n"); // the user has not ended the input
    Result r;
    String url;
    try (TcpServer server = new TcpServer(p -> {
      readUntil(p, "\n");
      p.out().write("> bye\n> closing\n".getBytes(UTF_8));
      p.socket().close();
    })) {
      url = server.url();
      r = run(stdin, url);
    } finally {
      stdin.release();
    }
    assertThat(r).isEqualTo(new Result(3, "> bye\n> closing\n", "framewire client: connection closed by " + url + "\n"));
  }

  @Test
  void serverResettingTheConnectionIsAServerCloseToo() throws Exception {
    Stdin stdin = Stdin.blockingAfter("a\n");
    Result r;
    String url;
    try (TcpServer server = new TcpServer(p -> {
      readUntil(p, "\n");
      p.socket().setSoLinger(true, 0); // close with a reset
      p.socket().close();
    })) {
      url = server.url();
      r = run(stdin, url);
    } finally {
      stdin.release();
    }
    assertThat(r).isEqualTo(new Result(3, "", "framewire client: connection to " + url + " lost: connection reset\n"));
  }

  @Test
  void serverClosingWithRepliesStillOutstandingAtEndOfInputExitsThree() throws Exception {
    Result r;
    String url;
    try (TcpServer server = new TcpServer(p -> {
      readUntil(p, "\n");
      readUntil(p, "\n");
      p.out().write("> one\n".getBytes(UTF_8)); // and no reply to the second line
      p.socket().shutdownOutput();
      drain(p);
    })) {
      url = server.url();
      r = run(Stdin.of("one\ntwo\n"), "--wait", "6s", url);
      server.awaitDone();
    }
    assertThat(r).isEqualTo(new Result(3, "> one\n", "framewire client: connection closed by " + url + "\n"));
  }

  @Test
  void serverClosingOnceEveryReplyIsInIsANormalEnd() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> {
      readUntil(p, "\n");
      p.out().write("> bye\n".getBytes(UTF_8));
      p.socket().shutdownOutput(); // on the heels of the last reply
      drain(p);
    })) {
      r = run(Stdin.of("bye\n"), server.url());
      server.awaitDone();
    }
    assertThat(r).isEqualTo(new Result(0, "> bye\n", ""));
  }

  @Test
  void lengthPrefixedRoundTripWithTwoByteLittleEndianHeaders() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> {
      InputStream in = p.in();
      OutputStream out = p.out();
      for (byte[] header = in.readNBytes(2); header.length == 2; header = in.readNBytes(2)) {
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8;
        byte[] reply = new String(in.readNBytes(length), UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8);
        out.write(new byte[] {(byte) reply.length, (byte) (reply.length >> 8)});
        out.flush(); // header and body in separate segments
        out.write(reply);
      }
    })) {
      r = run(Stdin.of("hello\nhé\n"), "--framing", "length-prefixed", "--header-bytes", "2",
          "--byte-order", "little", server.url());
      server.awaitDone();
      assertThat(HexFormat.of().formatHex(server.wire())).isEqualTo("0500" + "68656c6c6f" + "0300" + "68c3a9");
    }
    assertThat(r).isEqualTo(new Result(0, "HELLO\nHÉ\n", ""));
  }

  @Test
  void delimitedWithAnEscapedCrLfDelimiter() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> {
      for (byte[] frame = readUntil(p, "\r\n"); frame != null; frame = readUntil(p, "\r\n")) {
        p.out().write(("> " + new String(frame, UTF_8)).getBytes(UTF_8));
      }
    })) {
      r = run(Stdin.of("a\nb c\n"), "--framing", "delimited", "--delimiter", "\\r\\n", server.url());
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("a\r\nb c\r\n".getBytes(UTF_8));
    }
    assertThat(r).isEqualTo(new Result(0, "> a\n> b c\n", ""));
  }

  @Test
  void rawSendsLinesAsTheyAreAndPrintsBytesAsTheyComeThenEndsOnQuiet() throws Exception {
    Result r;
    long took;
    try (TcpServer server = new TcpServer(p -> p.in().transferTo(p.out()))) {
      long start = System.nanoTime();
      // a wait far beyond the class @Timeout: only ending on RAW_QUIET of silence passes
      r = run(Stdin.of("hello\nworld\n"), "--framing", "raw", "--wait", "1h", server.url());
      took = System.nanoTime() - start;
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("helloworld".getBytes(UTF_8));
    }
    assertThat(r).isEqualTo(new Result(0, "helloworld", ""));
    System.out.printf("client: raw ended after %s of quiet, %d ms in all%n", ClientSession.RAW_QUIET,
        TimeUnit.NANOSECONDS.toMillis(took));
  }

  @Test
  void aLineTheFramingCannotCarryIsReportedAndNotSentAndTheExitCodeIsOne() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> {
      for (byte[] frame = p.in().readNBytes(4); frame.length == 4;
          frame = p.in().readNBytes(4)) {
        p.out().write(new String(frame, UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8));
      }
    })) {
      r = run(Stdin.of("abcd\nabc\nwxyz\n"), "--framing", "fixed", "--size", "4", server.url());
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("abcdwxyz".getBytes(UTF_8));
    }
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("ABCD\nWXYZ\n");
    assertThat(r.errLines()).singleElement().asString().startsWith("framewire client: line 2 (3 bytes) not sent: ");
  }

  @Test
  void anOversizeReplyIsPrintedTruncatedWithANote() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> echoLines(p, "0123456789"))) {
      r = run(Stdin.of("x\n"), "--max-length", "8", server.url());
    }
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("01234567\n");
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("framewire client: reply ").endsWith("; printing its first 8 bytes");
  }

  @Test
  void repliesThatCannotBeFramedEndTheSessionWithExitCodeOne() throws Exception {
    Result r;
    try (TcpServer server = new TcpServer(p -> {
      readUntil(p, "o");
      p.out().write("x5 hello".getBytes(UTF_8)); // not an octet count
      drain(p);
    })) {
      r = run(Stdin.of("hello\n"), "--framing", "octet-counting", server.url());
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("5 hello".getBytes(UTF_8));
    }
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).singleElement().asString().startsWith("framewire client: cannot frame the replies: ");
  }

  @Test
  void endOfInputIsFinalEvenAfterAnUnfinishedLine() throws Exception {
    // a terminal's end of input (Ctrl-D) is not sticky: read again, it gives what is typed next
    InputStream terminalLike = new InputStream() {
      private final String[] reads = {"abc", null, "def\n", null};
      private int next;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        String chunk = reads[Math.min(next++, reads.length - 1)];
        if (chunk == null) {
          return -1;
        }
        byte[] bytes = chunk.getBytes(UTF_8);
        System.arraycopy(bytes, 0, b, off, bytes.length);
        return bytes.length;
      }
    };
    Result r;
    try (TcpServer server = new TcpServer(p -> echoLines(p, "> "))) {
      r = run(terminalLike, server.url());
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("abc\n".getBytes(UTF_8));
    }
    assertThat(r).isEqualTo(new Result(0, "> abc\n", ""));
  }

  // ---- a real terminal ----

  /**
   * Typed into a real pseudo-terminal (python3's pty) running the client in a JVM of its own:
   * {@code abc} then Ctrl-D. The terminal hands the client "abc" with no newline; that Ctrl-D ends
   * the input, so "abc" is sent as the last line, its reply starts on a line of its own (the
   * terminal's cursor was after the echoed "abc"), and the client ends with no further Ctrl-D.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ctrlDAfterAPartialLineAtATerminalSendsItAsTheLastLine() throws Exception {
    assumeTrue(hasPythonPty(), "no python3 with the pty module");
    try (TcpServer server = new TcpServer(p -> echoLines(p, "> "))) {
      Terminal t = typeAtATerminal("abc\u0004", server.url());
      // the terminal echoes what is typed and turns each \n written into \r\n
      assertThat(t).isEqualTo(new Terminal(0, "abc\r\n> abc\r\n"));
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("abc\n".getBytes(UTF_8));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ctrlDAtTheStartOfALineAtATerminalEndsTheInput() throws Exception {
    assumeTrue(hasPythonPty(), "no python3 with the pty module");
    try (TcpServer server = new TcpServer(p -> echoLines(p, "> "))) {
      Terminal t = typeAtATerminal("abc\n\u0004", server.url());
      assertThat(t).isEqualTo(new Terminal(0, "abc\r\n> abc\r\n"));
      server.awaitDone();
      assertThat(server.wire()).isEqualTo("abc\n".getBytes(UTF_8));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theServerClosingWhileSomeoneMayTypeIsExitCodeThreeOfTheProcess() throws Exception {
    assumeTrue(hasPythonPty(), "no python3 with the pty module");
    try (TcpServer server = new TcpServer(p -> p.socket().close())) {
      Terminal t = typeAtATerminal("", server.url());
      assertThat(t).isEqualTo(new Terminal(3, "framewire client: connection closed by " + server.url() + "\r\n"));
    }
  }

  // ---- UDP ----

  @Test
  void udpSendsOneDatagramPerLineAndPrintsOneLinePerDatagram() throws Exception {
    Result r;
    try (UdpServer server = new UdpServer()) {
      // no empty line: some kernels' filters drop empty datagrams (this CI sandbox's does)
      r = run(Stdin.of("ping\nwörld\n"), server.url());
      assertThat(server.datagrams).isEqualTo("ping|wörld|");
    }
    assertThat(r).isEqualTo(new Result(0, "PING\nWÖRLD\n", ""));
  }

  @Test
  void udpWithNobodyListeningIsOneLineAndExitCodeOne() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
      port = s.getLocalPort();
    }
    String url = "udp://127.0.0.1:" + port;
    assertThat(run(Stdin.of("anyone?\n"), "--wait", "5s", url))
        .isEqualTo(new Result(1, "", "framewire client: no listener at " + url + " (port unreachable)\n"));
  }

  // ---- cannot connect, usage errors ----

  @Test
  void connectionRefusedIsOneLineAndExitCodeOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      port = s.getLocalPort();
    }
    String url = "tcp://127.0.0.1:" + port;
    assertThat(run(Stdin.of("hello\n"), url))
        .isEqualTo(new Result(1, "", "framewire client: cannot connect to " + url + ": connection refused\n"));
  }

  @Test
  void unknownHostIsOneLineAndExitCodeOne() {
    assertThat(run(Stdin.of("hello\n"), "tcp://nosuch.invalid:7000")).isEqualTo(new Result(1, "",
        "framewire client: cannot connect to tcp://nosuch.invalid:7000: unknown host nosuch.invalid\n"));
    assertThat(run(Stdin.of("hello\n"), "udp://nosuch.invalid:7000")).isEqualTo(new Result(1, "",
        "framewire client: cannot connect to udp://nosuch.invalid:7000: unknown host nosuch.invalid\n"));
  }

  @Test
  void aMalformedUrlIsOneLineAndExitCodeTwo() {
    assertThat(run(Stdin.of(""), "ftp://x")).isEqualTo(new Result(2, "",
        "framewire client: bad URL \"ftp://x\": unknown scheme \"ftp\" (expected tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT)\n"));
    assertThat(run(Stdin.of(""), "tcp://localhost")).isEqualTo(new Result(2, "",
        "framewire client: bad URL \"tcp://localhost\": missing port (expected tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT)\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:7000", "tcp://:7000", "tcp://h:0", "tcp://h:65536", "tcp://h:http",
      "tcp://h:7000/path", "tcp://[::1:7000", "tcp://[::1]", "udp://"})
  void otherMalformedUrls(String url) {
    Result r = run(Stdin.of(""), url);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("framewire client: bad URL \"" + url + "\": ");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--framing=fixed|--framing fixed needs --size",
      "--framing=lines --size=4|--size applies to --framing fixed only (framing is lines)",
      "--header-bytes=2|--header-bytes applies to --framing length-prefixed only (framing is lines)",
      "--framing=length-prefixed --header-bytes=3|--header-bytes must be 1, 2, 4 or 8 (was 3)",
      "--framing=length-prefixed --byte-order=middle|--byte-order must be big or little (was middle)",
      "--framing=delimited --delimiter=\\q|--delimiter: unknown escape \\q (known: \\n \\r \\t \\0 \\\\ \\xHH \\uHHHH)",
      "--framing=json|--framing must be one of raw, delimited, lines, fixed, length-prefixed, octet-counting, datagram (was \"json\")",
      "--framing=datagram|--framing datagram is for udp:// only",
      "--max-length=0|--max-length must be 1..16777216 bytes (was 0)",
      "--wait=5|--wait: not a duration like 250ms, 30s or 5m: \"5\"",
      "--connect-timeout=0|--connect-timeout must be over 0 and at most 24h (was 0)"})
  void badOptionsAreOneLineAndExitCodeTwo(String options, String message) {
    String[] args = Stream.concat(Arrays.stream(options.split(" ")), Stream.of("tcp://127.0.0.1:9"))
        .toArray(String[]::new);
    assertThat(run(Stdin.of(""), args)).isEqualTo(new Result(2, "", "framewire client: " + message + "\n"));
  }

  @Test
  void udpTakesOnlyTheDatagramFraming() {
    assertThat(run(Stdin.of(""), "--framing", "lines", "udp://127.0.0.1:9")).isEqualTo(new Result(2, "",
        "framewire client: udp:// sends one datagram per frame: --framing must be datagram (was lines)\n"));
  }

  @Test
  void helpShowsTheUsageAndTheExitCodes() {
    Result r = run(Stdin.of(""), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: framewire client ").contains("URL", "tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT", "--ca=FILE", "--insecure",
        "--framing=TYPE", "--wait=DURATION");
    assertThat(r.out().substring(r.out().indexOf("Exit codes:"))).isEqualTo("""
        Exit codes:
          0   done: 'exit' or end of input, and the replies are in (or --wait ran out)
          1   cannot connect (udp://: port unreachable), a line could not be framed, or
                the replies could not be framed
          2   bad URL or option
          3   the server closed the connection before the end of input and of the
                replies (unless 1 applies)
        """);
    assertThat(r.err()).isEmpty();
  }

  // ---- harness ----

  /** The client's exit code and everything that appeared on its terminal. */
  record Terminal(int code, String screen) {}

  /**
   * Forks the client onto a new pseudo-terminal, types {@code keys} into it (at once: the terminal
   * buffers them), and collects what the terminal shows until the client ends (15 s at most, then
   * it is killed). Prints the exit code on a line, then the screen.
   */
  private static final String PTY_DRIVER = """
      import os, pty, select, sys, time
      pid, fd = pty.fork()
      if pid == 0:
          os.execv(sys.argv[2], sys.argv[2:])
      os.write(fd, sys.argv[1].encode())
      screen, deadline = b"", time.monotonic() + 15
      while True:
          left = deadline - time.monotonic()
          if left <= 0:
              os.kill(pid, 9)
              break
          if select.select([fd], [], [], left)[0]:
              try:
                  chunk = os.read(fd, 4096)
              except OSError:  # EIO: the client has ended, the terminal is closed
                  break
              if not chunk:
                  break
              screen += chunk
      _, status = os.waitpid(pid, 0)
      sys.stdout.buffer.write(b"%d\\n" % os.waitstatus_to_exitcode(status) + screen)
      """;

  private static boolean hasPythonPty() {
    return Commands.available("python3", "-c", "import os, pty; os.close(os.openpty()[0])");
  }


  /** Runs {@code framewire client URL} in its own JVM on a pseudo-terminal and types {@code keys}. */
  private static Terminal typeAtATerminal(String keys, String url) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("python3", "-c", PTY_DRIVER, keys,
        java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "client", url);
    pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
    Process driver = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(driver.getInputStream().readAllBytes(), UTF_8);
    assertThat(driver.waitFor()).as("pty driver").isZero();
    int newline = output.indexOf('\n');
    return new Terminal(Integer.parseInt(output.substring(0, newline)), output.substring(newline + 1));
  }

  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** Runs {@code framewire client ARGS} as {@code main} would, with its standard streams captured. */
  static Result run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, UTF_8);
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, UTF_8), true));
    cl.setErr(new PrintWriter(errStream, true));
    ((ClientCommand) cl.getSubcommands().get("client").getCommand()).streams(stdin, out, errStream);
    String[] all = Stream.concat(Stream.of("client"), Arrays.stream(args)).toArray(String[]::new);
    int code = cl.execute(all);
    cl.getOut().flush();
    cl.getErr().flush();
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  /**
   * Standard input: some bytes, then end of input ({@link #endReached} counts down when the client
   * reads it), or, for {@link #blockingAfter}, a terminal the user leaves open until {@link #release()}.
   */
  private static final class Stdin extends InputStream {
    final CountDownLatch endReached = new CountDownLatch(1);
    private final CountDownLatch released;
    private final byte[] data;
    private int pos;

    private Stdin(String data, boolean blocking) {
      this.data = data.getBytes(UTF_8);
      this.released = new CountDownLatch(blocking ? 1 : 0);
    }

    static Stdin of(String data) {
      return new Stdin(data, false);
    }

    static Stdin blockingAfter(String data) {
      return new Stdin(data, true);
    }

    void release() {
      released.countDown();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      if (pos < data.length) {
        int n = Math.min(len, data.length - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
      try {
        if (!released.await(10, TimeUnit.SECONDS)) {
          throw new IOException("test stdin never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      endReached.countDown();
      return -1;
    }
  }

  @FunctionalInterface
  private interface Connection {
    void serve(Peer peer) throws Exception;
  }

  /** The server's side of the connection; {@code in} records what it reads. */
  private record Peer(Socket socket, InputStream in, OutputStream out) {}

  /** Accepts one connection on a loopback port and serves it on its own thread, recording its input. */
  private static final class TcpServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private volatile Socket socket;
    private volatile Throwable failure;

    TcpServer(Connection connection) throws IOException {
      server = new ServerSocket(0, 1, LOOPBACK);
      server.setSoTimeout(10_000);
      thread = new Thread(() -> {
        try (Socket s = server.accept()) {
          socket = s;
          s.setSoTimeout(10_000);
          connection.serve(new Peer(s, recording(s.getInputStream()), s.getOutputStream()));
        } catch (IOException e) {
          // the client went away: the test's assertions on its output tell
        } catch (Throwable e) {
          failure = e; // an assertion of the server's script: close() and awaitDone() rethrow it
        }
      }, "test-tcp-server");
      thread.start();
    }

    private void rethrowFailure() {
      if (failure != null) {
        throw new AssertionError("the server's script failed", failure);
      }
    }

    String url() {
      return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Waits for the connection to be served (the client has closed it): {@link #wire()} is complete. */
    void awaitDone() throws InterruptedException {
      thread.join(10_000);
      assertThat(thread.isAlive()).as("server thread still running").isFalse();
      rethrowFailure();
    }

    /** The exact bytes the client sent. */
    byte[] wire() {
      synchronized (wire) {
        return wire.toByteArray();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      Socket s = socket;
      if (s != null) {
        s.close();
      }
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while the server thread finished", e);
      }
      rethrowFailure();
    }

    private InputStream recording(InputStream raw) {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          int b = raw.read();
          if (b >= 0) {
            synchronized (wire) {
              wire.write(b);
            }
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = raw.read(b, off, len);
          if (n > 0) {
            synchronized (wire) {
              wire.write(b, off, n);
            }
          }
          return n;
        }
      };
    }
  }

  /** Replies {@code prefix + line + "\n"} to each line until the client closes. */
  private static void echoLines(Peer p, String prefix) throws IOException {
    for (byte[] line = readUntil(p, "\n"); line != null; line = readUntil(p, "\n")) {
      p.out().write((prefix + new String(line, UTF_8)).getBytes(UTF_8));
    }
  }

  /** The bytes up to and including {@code delimiter}, or null at end of stream. */
  private static byte[] readUntil(Peer p, String delimiter) throws IOException {
    byte[] d = delimiter.getBytes(UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    InputStream in = p.in();
    for (int b = in.read(); b >= 0; b = in.read()) {
      frame.write(b);
      byte[] sofar = frame.toByteArray();
      if (sofar.length >= d.length
          && Arrays.equals(sofar, sofar.length - d.length, sofar.length, d, 0, d.length)) {
        return sofar;
      }
    }
    return null;
  }

  /** Reads (and records) until the client closes. */
  private static void drain(Peer p) throws IOException {
    p.in().transferTo(OutputStream.nullOutputStream());
  }

  /** Answers each datagram with its upper-case copy and records them as {@code a|b|}. */
  private static final class UdpServer implements AutoCloseable {
    private final DatagramSocket socket = new DatagramSocket(0, LOOPBACK);
    private final Thread thread;
    volatile String datagrams = "";

    UdpServer() throws SocketException {
      thread = new Thread(() -> {
        byte[] buffer = new byte[65_535];
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            socket.receive(p);
            String text = new String(p.getData(), 0, p.getLength(), UTF_8);
            datagrams += text + "|";
            byte[] reply = text.toUpperCase(Locale.ROOT).getBytes(UTF_8);
            socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
          }
        } catch (IOException e) {
          // closed by the test
        }
      }, "test-udp-server");
      thread.start();
    }

    String url() {
      return "udp://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      thread.join(10_000);
    }
  }
}
