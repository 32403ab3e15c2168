package dev.framewire.config;

/** Whether a TLS listener asks its clients for a certificate; JSON names in {@link #json()}. */
public enum TlsClientAuth {
  /** No client certificate is asked for (default). */
  NONE("none"),
  /** A client certificate is asked for; a client without one is still accepted. */
  REQUEST("request"),
  /** A client certificate signed by a CA of {@code trustPath} is required; others fail the handshake. */
  REQUIRED("required");

  private final String json;

  TlsClientAuth(String json) { this.json = json; }

  public String json() { return json; }
}
