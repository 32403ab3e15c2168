package dev.framewire.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The external commands tests run (openssl, python3, node, npm, socat, logger): whether one is there, running one, its output. */
public final class Commands {
  private static final int CHECK_SECONDS = 10;

  private Commands() {}

  /** Whether {@code command} (e.g. {@code openssl version}) runs and exits 0 within 10 s. */
  public static boolean available(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(CHECK_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code command} in {@code directory}; fails, with its output, unless it exits 0 within {@code seconds}. */
  public static void run(Path directory, int seconds, String... command) {
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(List.of(command) + " did not finish");
      }
      assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code command} with {@code input} on its standard input (then closed) and returns what it
   * wrote on standard output; fails, with its standard error, unless it exits 0 within {@code seconds}.
   */
  public static byte[] output(byte[] input, int seconds, String... command) {
    try {
      Path errors = Files.createTempFile("framewire-command-", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (OutputStream stdin = process.getOutputStream()) {
          stdin.write(input);
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(List.of(command) + " did not finish in " + seconds + " s");
        }
        assertThat(process.exitValue()).as("%s: %s", List.of(command), Files.readString(errors)).isZero();
        return out;
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Hands each line {@code process} writes to {@code line}, on a daemon thread named {@code name},
   * then runs {@code ended} once its output ends.
   */
  public static void readLines(Process process, String name, Consumer<String> line, Runnable ended) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String next;
        while ((next = lines.readLine()) != null) {
          line.accept(next);
        }
      } catch (IOException e) {
        // the process ended
      }
      ended.run();
    }, name);
    reader.setDaemon(true);
    reader.start();
  }
}
