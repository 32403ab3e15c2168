package dev.framewire.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar framewire.jar [--conf FILE] [--cluster]} runs Framewire; {@code check FILE} validates a
 * configuration; {@code client URL} talks to a listener from the terminal.
 */
@Command(name = "framewire", mixinStandardHelpOptions = true, version = "Framewire 0.1.0",
    description = "Reactive TCP/UDP gateway: frames from sockets onto the Vert.x event bus, replies back.",
    subcommands = {RunCommand.class, CheckCommand.class, ClientCommand.class, TopCommand.class, BenchCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

  @picocli.CommandLine.Mixin
  RunOptions options = new RunOptions();

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
    // code 0: `run` keeps the JVM alive on Vert.x's threads until SIGTERM/SIGINT
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("framewire: " + e.getMessage());
      return 1;
    });
    return cl;
  }

  @Override
  public Integer call() {
    return new RunCommand(options).call();
  }
}
