package dev.framewire.transport;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.ssl.SslHandler;

/** Which failures Vert.x reports are a bad PROXY header, and what a log line says of one. */
final class ProxyHeaderFailures {
  private static final int MAX_LENGTH = 160;

  private ProxyHeaderFailures() {}

  /** Where Netty's PROXY protocol codec lives: a failure thrown from there is the header's. */
  private static final String CODEC_PACKAGE = HAProxyMessage.class.getPackageName() + ".";
  /** Where Netty's TLS handler lives: it may run inside the header codec's call, on the bytes after it. */
  private static final String TLS_PACKAGE = SslHandler.class.getPackageName() + ".";

  /**
   * Netty's decoder found no valid v1 or v2 header (or one over its length limit), or the header
   * named a datagram source, which Vert.x refuses on a TCP server, or Netty's header parser itself
   * failed on a malformed v2 header: for some (TLVs running past the header's announced length)
   * it throws a plain runtime exception ({@code IndexOutOfBoundsException}), not its own, which
   * the decoder's caller wraps in a {@link DecoderException}. That one is told by where it was
   * thrown: the innermost of Netty's two codecs on its stack is the header's. A TLS failure comes
   * wrapped the same way, and may be thrown inside the header codec's call (the bytes that came
   * with the header are handed on to the TLS handler from there), so TLS frames above the header
   * codec's make it the handshake's.
   */
  static boolean isHeaderFailure(Throwable e) {
    return e instanceof HAProxyProtocolException || VertxInternals.isUnsupportedProxiedProtocol(e)
        || e instanceof DecoderException && thrownByTheHeaderCodec(e.getCause());
  }

  private static boolean thrownByTheHeaderCodec(Throwable cause) {
    if (!(cause instanceof RuntimeException)) {
      return false;
    }
    for (StackTraceElement frame : cause.getStackTrace()) {
      String name = frame.getClassName();
      if (name.startsWith(TLS_PACKAGE)) {
        return false;
      }
      if (name.startsWith(CODEC_PACKAGE)) {
        return true;
      }
    }
    return false;
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
