package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PROXY protocol keys: resolved values, and the example in docs/security.md. */
class ProxyProtocolConfigTest {

  @Test
  void offByDefaultAndTheTimeoutDefaultsToTenSeconds() {
    JsonObject listener = new JsonObject().put("name", "l").put("protocol", "tcp").put("port", 0).put("address", "a");
    assertThat(parse(listener.copy()).proxyProtocol()).isNull();
    assertThat(parse(listener.copy().put("proxyProtocol", false)).proxyProtocol()).isNull();
    ProxyProtocolConfig on = parse(listener.copy().put("proxyProtocol", true)
        .put("trustedProxies", new JsonArray().add("192.0.2.7").add("2001:db8::/32"))).proxyProtocol();
    assertThat(on).isEqualTo(new ProxyProtocolConfig(
        List.of(CidrRange.parse("192.0.2.7/32"), CidrRange.parse("2001:db8::/32")), Duration.ofSeconds(10)));
    assertThat(ProxyProtocolConfig.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
  }

  /** The first JSON block of the section {@code ## PROXY protocol} is a listener that parses. */
  @Test
  void theDocumentedListenerParses() throws Exception {
    String doc = Files.readString(Path.of("docs/security.md"));
    int section = doc.indexOf("## PROXY protocol");
    assertThat(section).as("docs/security.md has the section").isNotNegative();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    String snippet = doc.substring(start, doc.indexOf("```", start));
    ListenerConfig listener = parse(new JsonObject(snippet));
    assertThat(listener.proxyProtocol()).isEqualTo(new ProxyProtocolConfig(
        List.of(CidrRange.parse("10.0.1.0/24"), CidrRange.parse("10.0.2.0/24")), Duration.ofSeconds(5)));
  }

  private static ListenerConfig parse(JsonObject listener) {
    return ConfigLoader.parse(new JsonObject().put("listeners", new JsonArray().add(listener))).listeners().get(0);
  }
}
