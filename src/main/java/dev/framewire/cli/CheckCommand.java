package dev.framewire.cli;

import dev.framewire.config.ConfigException;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.FramewireConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Validates a configuration without opening a socket: exit 0, or 1 with every error listed. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate a configuration file; list every error. Opens no socket.")
final class CheckCommand implements java.util.concurrent.Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "Configuration file (JSON).")
  String file;

  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      FramewireConfig config = RunCommand.await(
          ConfigLoader.load(vertx, file).toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
      System.out.println(file + ": OK (" + config.listeners().size() + " listener(s), "
          + config.handlers().size() + " handler(s)" + (config.bridge() != null ? ", a bridge" : "")
          + (config.cluster().enabled() ? ", clustered" : "") + ")");
      return 0;
    } catch (ConfigException e) {
      System.err.println(file + ": " + e.errors().size() + " error(s)");
      e.errors().forEach(line -> System.err.println("  " + line));
      return 1;
    } catch (RuntimeException e) {
      System.err.println(file + ": " + e.getMessage());
      return 1;
    } finally {
      vertx.close();
    }
  }
}
