package dev.framewire.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code top [URL]}: the dashboard's live figures as a table in a terminal, for hosts reached over
 * SSH. Reads the monitoring server's {@code /api/stream} (one snapshot a second, see the
 * dashboard) and redraws the table at each; when standard output is not a terminal, prints each
 * table as plain lines instead.
 *
 * <pre>
 * $ framewire top
 * $ FRAMEWIRE_HTTP_TOKEN=... framewire top http://10.0.0.5:8080/
 * $ framewire top --iterations 3 | tee figures.txt
 * </pre>
 */
@Command(name = "top", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show the live figures of a running Framewire (its http section) as a table: per listener "
        + "open connections and frames, bytes and errors per second, and the open connections.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:--iterations snapshots shown",
        "1:cannot reach the server, it refused the token, or it stopped",
        "2:bad URL or option"})
final class TopCommand implements java.util.concurrent.Callable<Integer> {
  private static final String PREFIX = "framewire top: ";
  private static final String CLEAR = "\033[H\033[2J";
  private static final String BOLD = "\033[1m";
  private static final String RESET = "\033[0m";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080/",
      description = "The monitoring server (the http section's host and port). Default: ${DEFAULT-VALUE}")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FRAMEWIRE_HTTP_TOKEN}",
      description = "The http section's bearer token. Default: the environment variable FRAMEWIRE_HTTP_TOKEN "
          + "(which, unlike an option, other users cannot read from the process list)")
  String token;

  @Option(names = "--iterations", paramLabel = "N",
      description = "Stop after N snapshots (one a second). Default: run until interrupted")
  Integer iterations;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "20",
      description = "Show at most N open connections. Default: ${DEFAULT-VALUE}")
  int connections;

  private PrintStream stdout = System.out;
  private PrintStream stderr = System.err;
  private Boolean terminal;

  /** For tests: where the tables and errors go, and whether that is a terminal. */
  TopCommand streams(PrintStream out, PrintStream err, boolean onTerminal) {
    this.stdout = Objects.requireNonNull(out, "out");
    this.stderr = Objects.requireNonNull(err, "err");
    this.terminal = onTerminal;
    return this;
  }

  @Override
  public Integer call() {
    URI base;
    try {
      base = URI.create(url.endsWith("/") ? url : url + "/");
      if (!"http".equals(base.getScheme()) || base.getHost() == null) {
        throw new IllegalArgumentException("expected http://HOST:PORT/");
      }
    } catch (IllegalArgumentException e) {
      stderr.println(PREFIX + "bad URL " + url + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (iterations != null && iterations < 1 || connections < 0) {
      stderr.println(PREFIX + (connections < 0 ? "--connections must be 0 or more" : "--iterations must be 1 or more"));
      return ExitCode.USAGE;
    }
    boolean ansi = terminal != null ? terminal : ClientCommand.onTerminal();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/stream"))
        .timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream").GET();
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = response.body()) {
        if (response.statusCode() != 200) {
          stderr.println(PREFIX + refused(response.statusCode(), base));
          return ExitCode.SOFTWARE;
        }
        int shown = 0;
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
          String line = it.next();
          if (!line.startsWith("data:")) {
            continue;
          }
          stdout.print(render(new JsonObject(line.substring(5).trim()), base.toString(), ansi, connections));
          stdout.flush();
          if (iterations != null && ++shown == iterations) {
            return ExitCode.OK;
          }
        }
      }
      stderr.println(PREFIX + base + " ended the stream (the server stopped?)");
      return ExitCode.SOFTWARE;
    } catch (ConnectException e) {
      stderr.println(PREFIX + "cannot connect to " + base + ": connection refused (is Framewire running with an "
          + "http section there?)");
      return ExitCode.SOFTWARE;
    } catch (IOException | DecodeException e) {
      stderr.println(PREFIX + base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return ExitCode.SOFTWARE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.SOFTWARE;
    }
  }

  private static String refused(int status, URI base) {
    return switch (status) {
      case 401 -> base + " needs the http section's bearer token: --token or FRAMEWIRE_HTTP_TOKEN";
      case 404 -> base + " has no dashboard stream (HTTP 404): is it a Framewire monitoring server?";
      default -> base + " answered HTTP " + status;
    };
  }

  /** One snapshot as a table; on a terminal it first clears the screen, otherwise a blank line ends it. */
  static String render(JsonObject s, String url, boolean ansi, int maxConnections) {
    StringBuilder b = new StringBuilder();
    String bold = ansi ? BOLD : "";
    String reset = ansi ? RESET : "";
    if (ansi) {
      b.append(CLEAR);
    }
    b.append(bold).append("Framewire ").append(url).append(reset).append("  ")
        .append(CLOCK.format(Instant.ofEpochMilli(s.getLong("time", 0L))))
        .append("  actions ").append(s.getBoolean("actions", false) ? "on" : "off")
        .append(", tail ").append(s.getBoolean("tail", false) ? "on" : "off").append('\n');
    String lf = "%-16s %-5s %-22s %6s %12s %12s %12s %12s %9s %12s %12s%n";
    b.append(bold).append(String.format(lf, "LISTENER", "PROTO", "ADDRESS", "OPEN", "FRAMES IN/s", "FRAMES OUT/s",
        "BYTES IN/s", "BYTES OUT/s", "ERRORS/s", "FRAMES IN", "FRAMES OUT")).append(reset);
    for (Object o : s.getJsonArray("listeners", new JsonArray())) {
      JsonObject l = (JsonObject) o;
      JsonObject r = l.getJsonObject("rates", new JsonObject());
      JsonObject t = l.getJsonObject("totals", new JsonObject());
      Integer open = l.getInteger("open");
      b.append(String.format(lf, l.getString("name"), l.getString("protocol"), l.getString("address"),
          open == null ? "-" : open.toString(), rate(r, "framesIn"), rate(r, "framesOut"), rate(r, "bytesIn"),
          rate(r, "bytesOut"), rate(r, "errors"), t.getLong("framesIn", 0L), t.getLong("framesOut", 0L)));
    }
    JsonArray cs = s.getJsonArray("connections", new JsonArray());
    int open = s.getInteger("connectionsOpen", cs.size());
    b.append('\n').append(bold).append("CONNECTIONS").append(reset).append(" (").append(open).append(" open")
        .append(open > maxConnections ? ", " + Math.min(maxConnections, cs.size()) + " shown" : "").append(")\n");
    if (maxConnections > 0 && !cs.isEmpty()) {
      String cf = "%-16s %-24s %-30s %8s %10s %10s %12s %12s%n";
      b.append(bold).append(String.format(cf, "LISTENER", "REMOTE", "ID", "AGE", "FRAMES IN", "FRAMES OUT",
          "BYTES IN", "BYTES OUT")).append(reset);
      long now = s.getLong("time", 0L);
      for (int i = 0; i < cs.size() && i < maxConnections; i++) {
        JsonObject c = cs.getJsonObject(i);
        b.append(String.format(cf, c.getString("listener"), c.getString("remote"), c.getString("id"),
            age(now - c.getLong("openedAt", now)), c.getLong("framesIn", 0L), c.getLong("framesOut", 0L),
            c.getLong("bytesIn", 0L), c.getLong("bytesOut", 0L)));
      }
    }
    if (!ansi) {
      b.append('\n');
    }
    return b.toString();
  }

  private static String rate(JsonObject rates, String name) {
    Number n = rates.getNumber(name);
    return n == null ? "-" : String.format("%.1f", n.doubleValue());
  }

  private static String age(long millis) {
    long s = Math.max(0, millis / 1000);
    return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + s % 60 + "s" : s / 3600 + "h" + s % 3600 / 60 + "m";
  }
}
