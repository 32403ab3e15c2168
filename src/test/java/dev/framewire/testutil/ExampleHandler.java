package dev.framewire.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An example bridge handler ({@code examples/python-bridge-handler}, {@code examples/node-bridge-handler})
 * as a child process, started and waited for until it has registered. Closing kills it.
 */
public final class ExampleHandler implements AutoCloseable {
  public static final Path PYTHON = Path.of("examples/python-bridge-handler/framewire_handler.py");
  public static final Path NODE = Path.of("examples/node-bridge-handler/framewire_handler.js");

  private final Process process;
  private final CompletableFuture<String> registered = new CompletableFuture<>();
  public final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

  private ExampleHandler(Process process) {
    this.process = process;
    Commands.readLines(process, "example-handler-output", line -> {
      output.add(line);
      if (line.startsWith("registered ")) {
        registered.complete(line);
      }
    }, () -> registered.completeExceptionally(
        new IllegalStateException("the handler ended before registering: " + output)));
  }

  /** Starts the Python example against the bridge on {@code port}, waits (10 s at most) until it is registered. */
  public static ExampleHandler python(int port, String address, String... extraArgs) {
    return start(List.of("python3", "-u", PYTHON.toString()), port, address, extraArgs);
  }

  /** Starts the Node.js example against the bridge on {@code port}, waits (10 s at most) until it is registered. */
  public static ExampleHandler node(int port, String address, String... extraArgs) {
    return start(List.of("node", NODE.toString()), port, address, extraArgs);
  }

  /** Whether a {@code node} command is on the PATH. */
  public static boolean nodeAvailable() {
    return Commands.available("node", "--version");
  }

  private static ExampleHandler start(List<String> program, int port, String address, String... extraArgs) {
    List<String> command = new ArrayList<>(program);
    command.addAll(List.of("--port", Integer.toString(port), "--address", address));
    command.addAll(List.of(extraArgs));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      ExampleHandler handler = new ExampleHandler(process);
      handler.registered.get(10, TimeUnit.SECONDS);
      return handler;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(command + " did not register: " + e, e);
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
