package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Netty's own header failures, as its decoder raises them: recognised, and logged without the client's bytes. */
class ProxyHeaderFailuresTest {

  @Test
  void aFailureNamesTheReasonButNotTheBytesSent() {
    Throwable unknown = decode("PROXY SECRET-TOKEN-42 a b c d\r\n");
    assertThat(ProxyHeaderFailures.isHeaderFailure(unknown)).isTrue();
    assertThat(ProxyHeaderFailures.describe(unknown)).isEqualTo("invalid header (IllegalArgumentException)");

    Throwable identifier = decode("GET /secret?token=42 HTTP/1.1\r\n");
    assertThat(ProxyHeaderFailures.describe(identifier)).isEqualTo("unknown identifier");

    Throwable parts = decode("PROXY TCP4 192.0.2.1 192.0.2.2 1\n\u001b[2Jx\r\n");
    assertThat(ProxyHeaderFailures.describe(parts)).isEqualTo("invalid TCP4/6 header");

    Throwable tooLong = decode("PROXY TCP4 " + "9".repeat(200));
    assertThat(ProxyHeaderFailures.describe(tooLong))
        .isEqualTo("header length (over 211) exceeds the allowed maximum (108)");
  }

  @Test
  void onlyHeaderFailuresAreHeaderFailures() {
    assertThat(ProxyHeaderFailures.isHeaderFailure(new HAProxyProtocolException("x"))).isTrue();
    assertThat(ProxyHeaderFailures.isHeaderFailure(new SSLHandshakeException("x"))).isFalse();
    assertThat(ProxyHeaderFailures.isHeaderFailure(new IOException("Connection reset by peer"))).isFalse();
    assertThat(ProxyHeaderFailures.describe(new IOException())).isEqualTo("IOException");
    assertThat(ProxyHeaderFailures.describe(new IOException("bell\u0007 and\nnewline"))).isEqualTo("bell? and?newline");
  }

  private static Throwable decode(String header) {
    EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
    Throwable failure = catchThrowable(() -> channel.writeInbound(
        Unpooled.wrappedBuffer(header.getBytes(StandardCharsets.ISO_8859_1))));
    assertThat(failure).as("the decoder refuses %s", header).isNotNull();
    assertThat(channel.isOpen()).isFalse();
    return failure;
  }
}
