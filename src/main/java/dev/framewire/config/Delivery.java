package dev.framewire.config;

/** How a listener puts frames on the event bus. */
public enum Delivery {
  /** Point-to-point; the handler's reply is written back to the connection, in frame order. */
  REQUEST("request"),
  /** Point-to-point; no reply is awaited. */
  SEND("send"),
  /** To every consumer of the address; no reply is awaited. */
  PUBLISH("publish");

  private final String json;

  Delivery(String json) { this.json = json; }

  public String json() { return json; }
}
