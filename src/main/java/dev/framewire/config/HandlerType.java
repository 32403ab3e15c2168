package dev.framewire.config;

public enum HandlerType {
  ECHO("echo"), TEMPLATE("template"), BROADCAST("broadcast"), LOG("log"), VERTICLE("verticle");

  private final String json;

  HandlerType(String json) { this.json = json; }

  public String json() { return json; }
}
