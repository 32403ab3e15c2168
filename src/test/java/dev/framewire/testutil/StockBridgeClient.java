package dev.framewire.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stock Node.js client of the Vert.x TCP event-bus bridge, {@value #PACKAGE}@{@value #VERSION}
 * from the npm registry, installed with npm into {@code target/stock-bridge-client} the first time
 * a test asks for it, and a handler process written against it
 * ({@code src/test/resources/stock-bridge-client/reply_handler.js}). Needs {@code node} and
 * {@code npm} on the PATH and the npm registry reachable.
 */
public final class StockBridgeClient implements AutoCloseable {
  public static final String PACKAGE = "vertx3-tcp-eventbus-client";
  public static final String VERSION = "1.0.0-SNAPSHOT";
  private static final Path PREFIX = Path.of("target", "stock-bridge-client").toAbsolutePath();
  /** The package names no {@code main}: its one module is required by path. */
  private static final Path MODULE = PREFIX.resolve(Path.of("node_modules", PACKAGE, "lib", "tcp-vertx-eventbus.js"));

  private final Process process;
  public final List<String> output = Collections.synchronizedList(new ArrayList<>());

  private StockBridgeClient(Process process) {
    this.process = process;
    Commands.readLines(process, "stock-bridge-client-output", output::add, () -> { });
  }

  /** Installs the package (once; 90 s at most) and returns its module's path. */
  public static synchronized Path install() {
    if (Files.isRegularFile(MODULE)) {
      return MODULE;
    }
    List<String> command = List.of("npm", "install", "--prefix", PREFIX.toString(), "--no-save",
        "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
        PACKAGE + "@" + VERSION);
    try {
      Files.createDirectories(PREFIX);
      Path log = PREFIX.resolve("npm-install.log");
      Process npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      npm.getOutputStream().close();
      if (!npm.waitFor(90, TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 90 s");
      }
      if (npm.exitValue() != 0 || !Files.isRegularFile(MODULE)) {
        throw new IllegalStateException(command + " failed (exit " + npm.exitValue() + "): "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return MODULE;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run npm (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts {@code reply_handler.js}: registers on {@code address} through the bridge on
   * {@code bridgePort}, sends one message to {@code readyAddress} once registered, and answers
   * each frame upper-cased: at once with the client's {@code msg.reply}, or, for frames whose
   * text starts with {@code later}, {@code group} at a time, last first, with {@code eb.send} to
   * the message's {@code replyAddress}.
   */
  public static StockBridgeClient start(int bridgePort, String address, String readyAddress, int group) {
    Path module = install();
    Path script;
    try {
      script = Path.of(StockBridgeClient.class.getResource("/stock-bridge-client/reply_handler.js").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> command = List.of("node", script.toString(), module.toString(), Integer.toString(bridgePort),
        address, readyAddress, Integer.toString(group));
    try {
      // stderr (the client's warnings about its pongs, Node's about new Buffer()) is not read: discarded
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
      return new StockBridgeClient(process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run node (is it installed?)", e);
    }
  }

  /** Kills the process and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
