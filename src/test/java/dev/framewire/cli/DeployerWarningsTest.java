package dev.framewire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.testutil.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listener that nothing in a lone process consumes is worth a warning; one served is not. So is a
 * process connection cap the open-files limit cannot hold.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeployerWarningsTest {

  private static JsonObject listener(String name, String address) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines")).put("address", address);
  }

  @Test
  void aListenerNobodyConsumesIsWarnedAboutWhenNotClustered(Vertx vertx) {
    JsonObject config = new JsonObject()
        .put("listeners", new JsonArray().add(listener("lonely", "t.nobody")).add(listener("served", "t.echo"))
            .add(listener("bridged", "t.bridged")))
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.echo")))
        .put("bridge", new JsonObject().put("port", 0).put("outbound", new JsonArray().add("t.bridged")));
    Gateway gateway = Gateway.start(vertx, config).await();
    try {
      assertThat(gateway.lines.stream().filter(l -> l.startsWith("WARNING")).toList()).containsExactly(
          "WARNING listener lonely: no handler in this process consumes t.nobody and the node is not clustered "
              + "(--cluster): its frames get NO_HANDLER errors");
    } finally {
      gateway.stop().await();
    }
  }

  @Test
  void aProcessCapAboveTheOpenFilesLimitIsWarnedAbout(Vertx vertx) {
    long openFiles = dev.framewire.transport.ProcessConnections.openFilesLimit();
    org.junit.jupiter.api.Assumptions.assumeTrue(openFiles > 0 && openFiles < 100_000_000L, "no open-files limit");
    JsonObject config = new JsonObject()
        .put("handlers", new JsonArray().add(new JsonObject().put("type", "echo").put("address", "t.echo")))
        .put("limits", new JsonObject().put("maxConnections", 100_000_000));
    Gateway gateway = Gateway.start(vertx, config).await();
    try {
      assertThat(gateway.lines.stream().filter(l -> l.startsWith("WARNING")).toList()).containsExactly(
          "WARNING limits.maxConnections 100000000 leaves less than 256 of the process's open-files limit ("
              + openFiles + ") for the monitoring server, the bridge, the cluster and the log; raise the limit "
              + "(ulimit -Hn) or lower limits.maxConnections");
    } finally {
      gateway.stop().await();
    }
  }
}
