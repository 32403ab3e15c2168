package dev.framewire.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.framewire.testutil.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lines printed at start show each bound address as a URL writes it: IPv6 in brackets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeployerStartLinesTest {

  private static JsonObject listener(String name, String host) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("host", host).put("port", 0)
        .put("instances", 1).put("framing", new JsonObject().put("type", "lines")).put("address", "t.echo");
  }

  @Test
  void listenerAndBridgeLinesBracketAnIpv6HostAndLeaveIpv4AsItIs(Vertx vertx) {
    assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
    JsonObject config = new JsonObject()
        .put("listeners", new JsonArray().add(listener("v6", "::1")).add(listener("v4", "127.0.0.1")))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.echo")))
        .put("bridge", new JsonObject().put("host", "::1").put("port", 0)
            .put("outbound", new JsonArray().add("t.out")));
    Gateway gateway = Gateway.start(vertx, config).await();
    try {
      assertThat(gateway.lines).containsExactly(
          "handler  echo       on t.echo",
          "bridge   tcp [::1]:" + gateway.bridgePort() + "  inbound=none outbound=t.out maxFrameLength=1048576",
          "listener v6             tcp [::1]:" + gateway.port("v6")
              + "  framing=lines codec=bytes -> t.echo (request, 1 instance)",
          "listener v4             tcp 127.0.0.1:" + gateway.port("v4")
              + "  framing=lines codec=bytes -> t.echo (request, 1 instance)");
    } finally {
      gateway.stop().await();
    }
  }

  @Test
  void aBindFailureOnIpv6NamesTheAddressInBrackets(Vertx vertx) throws IOException {
    assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      int port = taken.getLocalPort();
      JsonObject config = new JsonObject()
          .put("listeners", new JsonArray().add(listener("v6", "::1").put("port", port)))
          .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.echo")));
      Throwable failure = Gateway.start(vertx, config).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
          .await();
      assertThat(failure).hasMessage("listener v6 (tcp [::1]:" + port + "): cannot bind: address already in use");
    }
  }

  private static boolean hasIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
