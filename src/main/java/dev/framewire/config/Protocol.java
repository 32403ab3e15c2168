package dev.framewire.config;

/** A listener's transport; JSON names in {@link #json()}. */
public enum Protocol {
  TCP("tcp"), UDP("udp");

  private final String json;

  Protocol(String json) { this.json = json; }

  public String json() { return json; }
}
