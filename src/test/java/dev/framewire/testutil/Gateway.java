package dev.framewire.testutil;

import dev.framewire.bridge.BridgeStats;
import dev.framewire.cli.Deployer;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.FramewireConfig;
import dev.framewire.transport.ListenerStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A Framewire deployment inside a test's Vert.x instance, from a JSON config (ports 0). */
public final class Gateway {
  private final Deployer deployer;
  public final List<String> lines = new ArrayList<>();

  private Gateway(Deployer deployer) {
    this.deployer = deployer;
  }

  public static Future<Gateway> start(Vertx vertx, JsonObject json) {
    FramewireConfig config = ConfigLoader.parse(json);
    List<String> lines = new ArrayList<>();
    Deployer deployer = new Deployer(vertx, config, lines::add);
    Gateway gateway = new Gateway(deployer);
    return deployer.start().map(v -> {
      gateway.lines.addAll(lines);
      return gateway;
    });
  }

  public int port(String listener) {
    Integer port = deployer.ports().get(listener);
    if (port == null) {
      throw new IllegalArgumentException("no listener " + listener);
    }
    return port;
  }

  /** This gateway's node id, which its connection ids and addresses carry. */
  public String nodeId() {
    return deployer.nodeId();
  }

  public ListenerStats stats(String listener) {
    return deployer.stats().get(listener);
  }

  /** Open connections of TCP listener {@code listener}, as its admission counts them. */
  public int openConnections(String listener) {
    return deployer.admissions().get(listener).open();
  }

  /** Open connections of every listener, as the process cap counts them. */
  public int processConnections() {
    return deployer.processConnections().open();
  }

  /** The bridge's bound port (the config has a {@code bridge} section). */
  public int bridgePort() {
    if (deployer.bridgePort() < 0) {
      throw new IllegalStateException("no bridge");
    }
    return deployer.bridgePort();
  }

  public BridgeStats bridgeStats() {
    return deployer.bridgeStats();
  }

  /** The monitoring server's bound port (the config has an {@code http} section). */
  public int httpPort() {
    if (deployer.httpPort() < 0) {
      throw new IllegalStateException("no http section");
    }
    return deployer.httpPort();
  }

  public Future<Void> stop() {
    return deployer.stop();
  }
}
