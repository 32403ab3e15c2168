package dev.framewire.cli;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.framing.FrameEncoder;
import dev.framewire.framing.FrameSink;
import dev.framewire.framing.Framer;
import dev.framewire.framing.FramingException;
import dev.framewire.framing.Framings;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One {@code client} run over an open {@link ClientTransport}. Three threads:
 * <ul>
 *   <li>the stdin thread reads lines, frames them with the encoder and sends them;</li>
 *   <li>the reader thread feeds what arrives to the framer (confined to it) and prints each frame;
 *       when the server closes, it decides whether that cut the session short (see
 *       {@link #serverClosed});</li>
 *   <li>the calling thread waits for end of input (or the server's close), then for the replies,
 *       then closes the socket and returns the exit code.</li>
 * </ul>
 * Counters and flags are guarded by {@code this}; every print goes through {@code this} too, so
 * nothing is printed once {@link #run()} has returned.
 */
final class ClientSession {
  /** For {@code raw} replies, which cannot be counted: silence that ends the wait once bytes came. */
  static final Duration RAW_QUIET = Duration.ofMillis(300);
  /**
   * When the server closes before the end of input: how long to let the stdin thread find that the
   * input has ended after all (a pipe whose writer is done), so that a server closing on the heels
   * of the last reply is the normal end and not, by a race, a cut.
   */
  static final Duration INPUT_GRACE = Duration.ofMillis(500);
  private static final long JOIN_MILLIS = 2_000;
  private static final String PREFIX = "framewire client: ";
  private static final byte[] NEWLINE = {'\n'};

  private final ClientTransport transport;
  private final ClientUrl url;
  private final FramingConfig framing;
  private final FrameEncoder encoder;
  private final boolean raw;
  private final long waitNanos;
  private final InputStream stdin;
  /** Standard input and output are a terminal (see {@link Input}). */
  private final boolean terminal;
  private final OutputStream stdout;
  private final PrintStream stderr;

  private long sent;
  private long received;
  /** Bytes arrived since the last frame was sent, and when the last ones did (raw only). */
  private boolean bytesSinceSend;
  private long lastBytesAt;
  /** End of input or a line 'exit': every line has been sent. */
  private boolean inputDone;
  /** The session is over: the server closed, a fatal error, or the wait ended. Nothing more is sent. */
  private boolean closed;
  private boolean failed;
  /** The server closed (or reset) the connection: nothing more is sent; set before {@link #closed}. */
  private boolean serverGone;
  /** The server closed (or reset) the connection before the session was over. */
  private boolean cutByServer;
  private Thread pump;
  private int rejectedLines;
  /** run() has returned: print nothing more. */
  private boolean finished;

  /**
   * @param framing framing of the replies
   * @param encoder writes the lines in the request framing (the same framing, with a lower
   *     {@code maxLength} for UDP)
   * @param terminal standard input and output are a terminal, where someone types
   */
  ClientSession(ClientTransport transport, ClientUrl url, FramingConfig framing, FrameEncoder encoder,
      Duration wait, InputStream stdin, OutputStream stdout, PrintStream stderr, boolean terminal) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.url = Objects.requireNonNull(url, "url");
    this.framing = Objects.requireNonNull(framing, "framing");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.raw = framing.type() == FramingType.RAW;
    this.waitNanos = wait.toNanos();
    this.stdin = Objects.requireNonNull(stdin, "stdin");
    this.stdout = Objects.requireNonNull(stdout, "stdout");
    this.stderr = Objects.requireNonNull(stderr, "stderr");
    this.terminal = terminal;
  }

  /**
   * @return {@link ClientCommand#EXIT_DONE}; {@link ClientCommand#EXIT_FAILED} after a fatal error or
   *     when a line could not be sent; else {@link ClientCommand#EXIT_SERVER_CLOSED} when the server
   *     closed the connection before the session was over
   */
  int run() {
    Thread reader = daemon("framewire-client-reader", this::readReplies);
    Thread pump = daemon("framewire-client-stdin", this::sendLines);
    synchronized (this) {
      this.pump = pump;
    }
    reader.start();
    pump.start();
    try {
      awaitEnd();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        closed = true;
      }
      transport.close();
    }
    try {
      // it decides whether the server's close cut the session, and notes a reply frame cut short
      reader.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // the stdin thread may still be blocked reading a terminal: it is a daemon and sends nothing more
    synchronized (this) {
      finished = true;
      if (failed || rejectedLines > 0) {
        return ClientCommand.EXIT_FAILED;
      }
      return cutByServer ? ClientCommand.EXIT_SERVER_CLOSED : ClientCommand.EXIT_DONE;
    }
  }

  private synchronized void awaitEnd() throws InterruptedException {
    while (!inputDone && !closed) {
      wait(); // the interactive part: as long as the user types
    }
    long deadline = System.nanoTime() + waitNanos;
    while (!closed) {
      long now = System.nanoTime();
      long until = deadline;
      if (raw) {
        if (bytesSinceSend) {
          until = Math.min(until, lastBytesAt + RAW_QUIET.toNanos());
        }
      } else if (received >= sent) {
        return;
      }
      if (until - now <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(this, until - now);
    }
  }

  private void sendLines() {
    BufferedReader lines = new BufferedReader(new InputStreamReader(new Input(stdin), StandardCharsets.UTF_8));
    long lineNumber = 0;
    try {
      for (String line = lines.readLine(); line != null && !line.equals("exit"); line = lines.readLine()) {
        lineNumber++;
        byte[] payload = line.getBytes(StandardCharsets.UTF_8);
        Buffer framed;
        try {
          framed = encoder.encode(Buffer.buffer(payload));
        } catch (FramingException | IllegalArgumentException e) {
          reject("line " + lineNumber + " (" + payload.length + " bytes) not sent: " + e.getMessage());
          continue;
        }
        synchronized (this) {
          if (closed || serverGone) {
            return; // a line left to send: the input has not ended
          }
          sent++;
          bytesSinceSend = false;
        }
        try {
          transport.send(framed.getBytes());
        } catch (IOException e) {
          connectionEnded(e);
          return;
        }
      }
      synchronized (this) {
        inputDone = true;
      }
    } catch (IOException e) {
      fail("cannot read standard input: " + ClientTransport.describe(e, url.host()));
    } finally {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private void readReplies() {
    Framer framer = Framings.newFramer(framing, OversizePolicy.TRUNCATE, new Printer());
    byte[] chunk = new byte[transport.chunkSize()];
    try {
      while (true) {
        int n = transport.receive(chunk);
        if (n < 0) {
          serverClosed("connection closed by " + url);
          return;
        }
        synchronized (this) {
          bytesSinceSend = true;
          lastBytesAt = System.nanoTime();
        }
        framer.handle(Buffer.buffer(n).appendBytes(chunk, 0, n));
      }
    } catch (IOException e) {
      connectionEnded(e);
    } finally {
      framer.end();
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** A send or receive failed: our own close, the server's reset, or (UDP) nobody listening. */
  private void connectionEnded(IOException e) {
    if (e instanceof PortUnreachableException) {
      fail("no listener at " + url + " (port unreachable)");
    } else {
      // a reset is the server closing too (Linux resets when a socket closes with unread input)
      serverClosed("connection to " + url + " lost: " + ClientTransport.describe(e, url.host()));
    }
  }

  /**
   * The server closed or reset the connection (or we did, after the end: then nothing happens).
   * Once the input has ended and every reply is in, that is the normal end: no note, exit 0.
   * Before, it cut the session short: the note, and exit 3. Noticed by the reader while the stdin
   * thread has not yet found the end of input, it gives that thread {@link #INPUT_GRACE} to find it.
   */
  private void serverClosed(String note) {
    Thread stdinThread;
    synchronized (this) {
      if (closed || serverGone) {
        return;
      }
      serverGone = true;
      stdinThread = pump;
    }
    // at a terminal, someone typing will not end the input within the grace
    if (!terminal && Thread.currentThread() != stdinThread) {
      try {
        stdinThread.join(INPUT_GRACE.toMillis()); // ends at end of input, or on a line it cannot send
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      cutByServer = !inputDone || (!raw && received < sent);
      if (cutByServer) {
        printErr(note);
      }
      notifyAll();
    }
  }

  /** A fatal error; the first end wins, later ones (the other thread noticing the same close) say nothing. */
  private synchronized void fail(String note) {
    if (closed) {
      return;
    }
    closed = true;
    failed = true;
    printErr(note);
    notifyAll();
  }

  private synchronized void reject(String note) {
    rejectedLines++;
    printErr(note);
  }

  private synchronized void printErr(String message) {
    if (!finished) {
      stderr.println(PREFIX + message);
      stderr.flush();
    }
  }

  private synchronized void printOut(byte[] bytes) {
    if (finished) {
      return;
    }
    try {
      stdout.write(bytes);
      stdout.flush();
    } catch (IOException e) {
      fail("cannot write standard output: " + ClientTransport.describe(e, url.host()));
    }
  }

  /**
   * Standard input whose end is final: a terminal's end of input (Ctrl-D) is not sticky, a later
   * read would wait for more typing. At a terminal, a read that stops short of a newline is a Ctrl-D
   * typed after a partial line: that ends the input too, the partial line being the last one (as
   * at the end of a file). The terminal's cursor is still after that line, so a newline goes out
   * first and the replies start on lines of their own. Used by the stdin thread only.
   */
  private final class Input extends FilterInputStream {
    private boolean ended;

    Input(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      if (ended) {
        return -1;
      }
      int b = in.read();
      ended = b < 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        ended = true;
      } else if (terminal && n > 0 && n < len && b[off + n - 1] != '\n') {
        ended = true;
        printOut(NEWLINE);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return ended ? 0 : in.available();
    }
  }

  private static Thread daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  /** Prints reply frames; runs on the reader thread. */
  private final class Printer implements FrameSink {
    @Override
    public void frame(Buffer frame, boolean truncated) {
      byte[] bytes = frame.getBytes();
      if (raw) {
        printOut(bytes); // chunks are not frames: keep the bytes as they came
      } else {
        // as text: a malformed UTF-8 sequence shows as U+FFFD
        printOut((new String(bytes, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      synchronized (ClientSession.this) {
        received++;
        ClientSession.this.notifyAll();
      }
    }

    @Override
    public void error(FramingException error, boolean fatal) {
      if (fatal) {
        fail("cannot frame the replies: " + error.getMessage());
      } else {
        printErr("reply " + error.getMessage() + "; printing its first " + framing.maxLength() + " bytes");
      }
    }

    @Override
    public void truncatedAtEnd(int bytesDropped) {
      printErr("unfinished reply frame not printed (" + bytesDropped + " bytes)");
    }
  }
}
