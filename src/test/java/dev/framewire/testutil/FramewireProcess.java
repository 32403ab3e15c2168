package dev.framewire.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar framewire.jar ...} process for black-box tests: its standard output and
 * standard error are collected line by line (on two daemon threads), a test waits for a line
 * matching a pattern with a time limit, and stops it with SIGTERM or kills it with SIGKILL.
 * {@link #close()} kills it if it is still alive, so try-with-resources (or an {@code @AfterAll})
 * never leaves a process behind.
 *
 * <pre>
 * try (FramewireProcess node = FramewireProcess.start("a", jar, List.of("--conf", conf), Map.of())) {
 *   node.awaitStdout(Pattern.compile("^framewire: started "), Duration.ofSeconds(60));
 *   int port = Integer.parseInt(node.awaitStdout(LISTENER_LINE, Duration.ofSeconds(1)).group(1));
 *   ...
 *   assertThat(node.stop(Duration.ofSeconds(30))).isZero();
 * }
 * </pre>
 *
 * Every wait is bounded and fails with an {@link AssertionError} that shows the process's last
 * lines; a wait also fails as soon as the process has exited and its output is read to the end.
 */
public final class FramewireProcess implements AutoCloseable {
  /** Which of the process's output streams a wait reads. */
  public enum Stream { STDOUT, STDERR }

  /**
   * A line found by a wait: its text, its index in its stream (a {@link #mark}), when this side read
   * it ({@link System#nanoTime()}), and the match, for its groups.
   */
  public record Line(String text, int index, long readAt, Matcher matcher) {
    /** The matched group {@code n}. */
    public String group(int n) {
      return matcher.group(n);
    }
  }

  /** Lines shown in a failed wait's message, from the end of each stream. */
  private static final int TAIL = 40;

  private final String name;
  private final Process process;
  private final Output out;
  private final Output err;

  private FramewireProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.out = new Output(process.getInputStream(), name + "-stdout");
    this.err = new Output(process.getErrorStream(), name + "-stderr");
  }

  /** The jar failsafe passes as {@code -Dframewire.jar}, else {@code target/framewire.jar}. */
  public static Path jar() {
    return Paths.get(System.getProperty("framewire.jar", "target/framewire.jar"));
  }

  /** Starts {@code java -jar jar args...} with {@code env} added to this process's environment. */
  public static FramewireProcess start(String name, Path jar, List<String> args, Map<String, String> env) {
    return start(name, jar, List.of(), args, env);
  }

  /** As {@link #start(String, Path, List, Map)}, with JVM options before {@code -jar}. */
  public static FramewireProcess start(String name, Path jar, List<String> jvmOptions, List<String> args,
      Map<String, String> env) {
    Objects.requireNonNull(name, "name");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    try {
      return new FramewireProcess(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The lines of one stream so far (a copy). */
  public List<String> lines(Stream stream) {
    return output(stream).snapshot();
  }

  /** How many lines of one stream have been read so far: a mark to wait for lines after it. */
  public int mark(Stream stream) {
    return output(stream).size();
  }

  /** The first standard-output line matching {@code pattern}. */
  public Line awaitStdout(Pattern pattern, Duration limit) {
    return await(Stream.STDOUT, pattern, 0, limit);
  }

  /** The first standard-error line matching {@code pattern}. */
  public Line awaitStderr(Pattern pattern, Duration limit) {
    return await(Stream.STDERR, pattern, 0, limit);
  }

  /**
   * The first line of {@code stream}, at index {@code from} or later (see {@link #mark}), matching
   * {@code pattern} (found with {@link Matcher#find()}); waits for it at most {@code limit}.
   *
   * @throws AssertionError when no such line arrives in time, or the stream ends without one
   */
  public Line await(Stream stream, Pattern pattern, int from, Duration limit) {
    Line found = output(stream).await(pattern, from, System.nanoTime() + limit.toNanos());
    if (found == null) {
      throw new AssertionError(name + ": no " + stream.name().toLowerCase() + " line matching /" + pattern
          + "/ within " + limit.toMillis() + " ms" + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
          + "\n" + describe());
    }
    return found;
  }

  /** SIGTERM; waits at most {@code limit} for the exit and for the output to end; the exit code. */
  public int stop(Duration limit) {
    process.toHandle().destroy();  // SIGTERM; Process.destroy() would also close our end of the pipes
    return awaitExit(limit);
  }

  /**
   * SIGKILL ({@link Process#destroyForcibly()}) without waiting: the future completes when the
   * process has exited (its output may still be in the pipes).
   */
  public CompletableFuture<Process> sigkill() {
    process.destroyForcibly();
    return process.onExit();
  }

  /** SIGKILL ({@link Process#destroyForcibly()}); waits at most {@code limit} for the exit. */
  public int kill(Duration limit) {
    process.destroyForcibly();
    return awaitExit(limit);
  }

  /** Waits at most {@code limit} for the process to exit and its output to be read to the end. */
  public int awaitExit(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + ": still running after " + limit.toMillis() + " ms\n" + describe());
      }
      out.join(deadline);
      err.join(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while waiting for the exit", e);
    }
    return process.exitValue();
  }

  /** The process's last lines of each stream, for failure messages. */
  public String describe() {
    return "---- " + name + " (pid " + process.pid() + ") stdout, last lines:\n" + out.tail(TAIL)
        + "---- " + name + " stderr, last lines:\n" + err.tail(TAIL);
  }

  /** Kills the process (SIGKILL) if it is still alive; waits a little for it to go. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Output output(Stream stream) {
    return stream == Stream.STDOUT ? out : err;
  }

  /** One stream's lines, appended by its reader thread; waits use this object's monitor. */
  private static final class Output {
    private final List<String> lines = new ArrayList<>();
    private final List<Long> readAt = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    Output(InputStream in, String threadName) {
      reader = new Thread(() -> read(in), threadName);
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          long now = System.nanoTime();
          synchronized (this) {
            lines.add(line);
            readAt.add(now);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // the process is gone and took the pipe with it: the lines read so far are all there is
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }

    synchronized Line await(Pattern pattern, int from, long deadlineNanos) {
      int next = from;
      while (true) {
        for (; next < lines.size(); next++) {
          Matcher m = pattern.matcher(lines.get(next));
          if (m.find()) {
            return new Line(lines.get(next), next, readAt.get(next), m);
          }
        }
        long left = deadlineNanos - System.nanoTime();
        if (ended || left <= 0) {
          return null;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }

    void join(long deadlineNanos) throws InterruptedException {
      reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    }

    synchronized int size() {
      return lines.size();
    }

    synchronized List<String> snapshot() {
      return List.copyOf(lines);
    }

    synchronized String tail(int n) {
      StringBuilder s = new StringBuilder();
      for (String line : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
        s.append("  ").append(line).append('\n');
      }
      return s.toString();
    }
  }
}
