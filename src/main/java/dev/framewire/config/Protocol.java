package dev.framewire.config;

public enum Protocol {
  TCP("tcp"), UDP("udp");

  private final String json;

  Protocol(String json) { this.json = json; }

  public String json() { return json; }
}
