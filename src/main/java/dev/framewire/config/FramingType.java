package dev.framewire.config;

/** The framing families; JSON names in {@link #json()}. */
public enum FramingType {
  /** Each chunk the socket delivers is one frame (TCP only). */
  RAW("raw"),
  /** Frames end with a delimiter (any bytes). */
  DELIMITED("delimited"),
  /** Lines: delimited by {@code \n}, a trailing {@code \r} is stripped; replies end with {@code \n}. */
  LINES("lines"),
  /** Every frame is exactly {@code size} bytes. */
  FIXED("fixed"),
  /** A 1, 2, 4 or 8 byte length header, then that many bytes. */
  LENGTH_PREFIXED("length-prefixed"),
  /** RFC 6587 octet counting: {@code LEN SP MSG}. */
  OCTET_COUNTING("octet-counting"),
  /** One frame per datagram, optionally split by a delimiter (UDP only). */
  DATAGRAM("datagram");

  private final String json;

  FramingType(String json) { this.json = json; }

  public String json() { return json; }
}
