package dev.framewire.transport;

import io.netty.handler.ssl.NotSslRecordException;

/** What a log line says of a failed TLS handshake: the failure, never the client's bytes. */
final class HandshakeFailures {
  private static final int MAX_LENGTH = 160;

  private HandshakeFailures() {}

  /**
   * The failure's type and reason. Netty's {@code NotSslRecordException} carries the whole read
   * in hex ({@code not an SSL/TLS record: 706c61696e0a}): payload bytes, which logs never carry.
   */
  static String describe(Throwable e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof NotSslRecordException) {
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
    return type + ": " + (message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH - 3) + "...");
  }
}
