package dev.framewire.transport;

import io.netty.handler.codec.haproxy.HAProxyProtocolException;

/** Which failures Vert.x reports are a bad PROXY header, and what a log line says of one. */
final class ProxyHeaderFailures {
  private static final int MAX_LENGTH = 160;

  private ProxyHeaderFailures() {}

  /**
   * Netty's decoder found no valid v1 or v2 header (or one over its length limit), or the header
   * named a datagram source, which Vert.x refuses on a TCP server.
   */
  static boolean isHeaderFailure(Throwable e) {
    return e instanceof HAProxyProtocolException || VertxInternals.isUnsupportedProxiedProtocol(e);
  }

  /**
   * The failure without the header's text: Netty's messages quote what the client sent
   * ({@code unknown identifier: GET}, {@code invalid TCP4/6 header: ...}), which logs never carry,
   * so only what comes before the first colon is kept. Netty wraps its own exception in another
   * whose message is the inner one's {@code toString()}: the innermost of its own is described.
   * When that one only wraps another exception (whose message may quote the header too:
   * {@code No enum constant ...}), that exception's type is all that is said of it.
   */
  static String describe(Throwable e) {
    Throwable reason = e;
    while (reason.getCause() instanceof HAProxyProtocolException inner && inner != reason) {
      reason = inner;
    }
    Throwable cause = reason.getCause();
    String message = reason.getMessage();
    if (cause != null && message != null && message.equals(cause.toString())) {
      return "invalid header (" + cause.getClass().getSimpleName() + ")";
    }
    if (message == null) {
      return reason.getClass().getSimpleName();
    }
    int colon = message.indexOf(':');
    if (colon >= 0) {
      message = message.substring(0, colon);
    }
    StringBuilder text = new StringBuilder(Math.min(message.length(), MAX_LENGTH));
    for (int i = 0; i < message.length() && text.length() < MAX_LENGTH; i++) {
      char c = message.charAt(i);
      text.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.toString();
  }
}
