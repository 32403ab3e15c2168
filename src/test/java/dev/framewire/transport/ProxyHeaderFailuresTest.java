package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
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

  /**
   * Netty's parser throws a plain runtime exception, which the decoder neither wraps in its own nor
   * answers by closing, for a v2 header whose TLV runs past the header's length: still the header's.
   * The same wrapping from the TLS handler is not.
   */
  @Test
  void aRuntimeExceptionIsTheHeadersOnlyWhenTheHeaderCodecThrewIt() {
    byte[] signature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    byte[] rest = {0x21, 0x11, 0, 17, (byte) 192, 0, 2, 12, (byte) 198, 51, 100, 1, (byte) 0x9c, 0x41, 0x1d,
        0x13, 0x04, 0x00, 0x10, 'a', 'b'}; // TCP4, 17 bytes: addresses, ports, a NOOP TLV announcing 16 of 2
    EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
    Throwable overrun = catchThrowable(() -> channel.writeInbound(Unpooled.wrappedBuffer(signature, rest)));
    assertThat(overrun).isInstanceOf(DecoderException.class).hasCauseInstanceOf(IndexOutOfBoundsException.class);
    assertThat(ProxyHeaderFailures.isHeaderFailure(overrun)).isTrue();
    assertThat(ProxyHeaderFailures.describe(overrun)).isEqualTo("invalid header (IndexOutOfBoundsException)");

    assertThat(ProxyHeaderFailures.isHeaderFailure(new DecoderException(new IndexOutOfBoundsException())))
        .as("thrown elsewhere").isFalse();
    assertThat(ProxyHeaderFailures.isHeaderFailure(new DecoderException(new SSLHandshakeException("x"))))
        .isFalse();
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
