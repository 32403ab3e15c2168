package dev.framewire.transport;

import javax.net.ssl.SSLException;

/** What a log line says of a failed TLS handshake: the failure, never the client's bytes. */
final class HandshakeFailures {
  private HandshakeFailures() {}

  /**
   * The failure's type and reason. Netty's {@code NotSslRecordException} carries the whole read
   * in hex ({@code not an SSL/TLS record: 706c61696e0a}): payload bytes, which logs never carry.
   */
  static String describe(Throwable e) {
    String type = e.getClass().getSimpleName();
    if ("NotSslRecordException".equals(type)) {
      return type + ": not an SSL/TLS record (a plain-text client?)";
    }
    String message = e.getMessage();
    if (message == null) {
      return type;
    }
    int hex = message.indexOf(": ");
    // any other "...: <hex dump>" message is cut before the dump as well
    if (hex > 0 && message.substring(hex + 2).matches("[0-9a-fA-F]{16,}.*")) {
      message = message.substring(0, hex);
    }
    return type + (e instanceof SSLException || message.length() <= 160 ? ": " + message
        : ": " + message.substring(0, 157) + "...");
  }
}
