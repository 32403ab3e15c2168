package dev.framewire.testutil;

import io.vertx.core.json.JsonObject;

/** Configuration pieces for tests, as JSON (what a user writes). */
public final class Configs {
  private Configs() {
  }

  /** A TCP listener on any free loopback port. */
  public static JsonObject tcpListener(String name, String framing, String codec, String address) {
    return new JsonObject().put("name", name).put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", framing)).put("codec", codec).put("address", address);
  }

  /** A built-in handler ({@code echo}, {@code template}, ...) on {@code address}. */
  public static JsonObject handler(String type, String address) {
    return new JsonObject().put("type", type).put("address", address);
  }
}
