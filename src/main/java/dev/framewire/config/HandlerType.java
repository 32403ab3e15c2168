package dev.framewire.config;

/**
 * The built-in handler verticles; JSON names in {@link #json()}: {@code echo} replies with the frame,
 * {@code template} with a text built from it, {@code broadcast} relays a frame to every connection of
 * the listener, {@code log} writes frames as JSON lines, {@code verticle} deploys a user class.
 */
public enum HandlerType {
  ECHO("echo"), TEMPLATE("template"), BROADCAST("broadcast"), LOG("log"), VERTICLE("verticle");

  private final String json;

  HandlerType(String json) { this.json = json; }

  public String json() { return json; }
}
