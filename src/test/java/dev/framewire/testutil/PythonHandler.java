package dev.framewire.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Python example bridge handler ({@code examples/python-bridge-handler}) as a child process,
 * started and waited for until it has registered. Closing kills it.
 */
public final class PythonHandler implements AutoCloseable {
  public static final Path SCRIPT = Path.of("examples/python-bridge-handler/framewire_handler.py");

  private final Process process;
  private final CompletableFuture<String> registered = new CompletableFuture<>();
  public final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

  private PythonHandler(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          if (line.startsWith("registered ")) {
            registered.complete(line);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      registered.completeExceptionally(new IllegalStateException("the handler ended before registering: " + output));
    }, "python-handler-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the example against the bridge on {@code port} and waits (10 s at most) until it is registered. */
  public static PythonHandler start(int port, String address, String... extraArgs) {
    List<String> command = new ArrayList<>(List.of("python3", "-u", SCRIPT.toString(),
        "--port", Integer.toString(port), "--address", address));
    command.addAll(List.of(extraArgs));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      PythonHandler handler = new PythonHandler(process);
      handler.registered.get(10, TimeUnit.SECONDS);
      return handler;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("python handler did not register: " + e, e);
    }
  }

  /** SIGKILL, and wait until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    kill();
  }
}
