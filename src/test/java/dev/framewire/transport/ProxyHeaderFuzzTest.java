package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.vertx.core.net.impl.HAProxyMessageCompletionHandler;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of the PROXY-protocol front end a listener with
 * {@code proxyProtocol} puts before everything else: the pipeline Vert.x 5.1.6 builds for it
 * (Netty's {@link HAProxyMessageDecoder}, then Vert.x's {@link HAProxyMessageCompletionHandler}),
 * on an {@link EmbeddedChannel}, fed fuzzer-chosen bytes in fuzzer-chosen chunks. Whatever the
 * bytes:
 * <ul>
 *   <li>the connection ends up in one of three states: waiting for more of the header (open), a
 *       header accepted (the bytes after it passed on exactly), or refused (closed, with a failure
 *       Framewire classifies as a bad header, {@link ProxyHeaderFailures#isHeaderFailure}); never
 *       refused and still open, never another exception;</li>
 *   <li>what a log line says of the failure ({@link ProxyHeaderFailures#describe}) is short
 *       printable ASCII that quotes nothing the client sent after a colon;</li>
 *   <li>the decoder buffers no more than a v2 header's maximum while it waits.</li>
 * </ul>
 *
 * <p>{@code mvn test} replays
 * {@code src/test/resources/dev/framewire/transport/ProxyHeaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/security.md).
 */
class ProxyHeaderFuzzTest {
  /** v2: 16-byte fixed part + a length field of at most 65535. */
  private static final int V2_MAX = 16 + 65_535;

  @FuzzTest(maxDuration = "5m")
  // libFuzzer's dictionary syntax: \xNN for bytes that are not printable
  @DictionaryEntries({"PROXY ", "TCP4 ", "TCP6 ", "UNKNOWN", "\\x0d\\x0a", "127.0.0.1 ", "::1 ", "1 ",
      "65535", "\\x0d\\x0a\\x0d\\x0a\\x00\\x0d\\x0aQUIT\\x0a", "\\x21", "\\x11", "\\x12", "\\x21\\x31",
      "\\x00\\x0c"})
  void anyBytesInAnyChunks(FuzzedDataProvider data) {
    int[] sizes = new int[data.consumeInt(1, 8)];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = data.consumeInt(1, 300);
    }
    check(data.consumeRemainingAsBytes(), sizes);
  }

  static void check(byte[] stream, int[] sizes) {
    Promise<Channel> header = ImmediateEventExecutor.INSTANCE.newPromise();
    Decoder decoder = new Decoder();
    EmbeddedChannel channel = new EmbeddedChannel(decoder, new HAProxyMessageCompletionHandler(header));
    ByteBuf passedOn = Unpooled.buffer();
    try {
      int from = 0;
      for (int i = 0; from < stream.length && channel.isOpen(); i++) {
        int to = Math.min(stream.length, from + sizes[i % sizes.length]);
        try {
          channel.writeInbound(Unpooled.wrappedBuffer(stream, from, to - from));
        } catch (DecoderException e) {
          assertKnownSecondHeader(e, header, channel);
        }
        from = to;
        for (Object message; (message = channel.readInbound()) != null; ) {
          try {
            if (header.isDone() && !header.isSuccess()) {
              continue; // refused: Vert.x installs no handler, what reaches the end is dropped
            }
            assertThat(message).isInstanceOf(ByteBuf.class);
            passedOn.writeBytes((ByteBuf) message);
          } finally {
            io.netty.util.ReferenceCountUtil.release(message);
          }
        }
        if (channel.isOpen() && !header.isDone()) {
          assertThat(decoder.held()).isLessThanOrEqualTo(V2_MAX);
        }
      }
      if (header.isSuccess()) {
        // the proxied stream follows the header untouched
        byte[] after = new byte[passedOn.readableBytes()];
        passedOn.readBytes(after);
        assertThat(Arrays.copyOfRange(stream, stream.length - after.length, stream.length)).isEqualTo(after);
      } else if (header.isDone()) {
        Throwable failure = header.cause();
        String said = ProxyHeaderFailures.describe(failure);
        assertThat(said).hasSizeLessThanOrEqualTo(160).matches("[\\x20-\\x7e]*").doesNotContain(":");
        if (isKnownUnwrappedParseFailure(failure)) {
          return; // see below: refused, closed later by proxyProtocolTimeout
        }
        assertThat(ProxyHeaderFailures.isHeaderFailure(failure)).as("%s", failure).isTrue();
        // closed; whatever followed the header goes nowhere (Vert.x installs no handler for it)
        assertThat(channel.isOpen()).as("open after %s", failure).isFalse();
      } else {
        assertThat(channel.isOpen()).isTrue();
        assertThat(passedOn.readableBytes()).isZero();
      }
    } finally {
      passedOn.release();
      try {
        channel.finishAndReleaseAll();
      } catch (DecoderException e) {
        assertKnownSecondHeader(e, header, channel);
      }
    }
  }

  /**
   * Known, upstream (Netty 4.2.17 with Vert.x 5.1.6), and harmless to the connection: when a v1
   * header is refused, Netty's decoder closes the channel but, when the channel goes inactive,
   * decodes what follows in its buffer again; a second line there that is a valid header reaches
   * Vert.x's completion handler, whose promise has already failed, and {@code setSuccess} throws
   * {@code IllegalStateException: complete already}, which reaches the end of the pipeline (Netty
   * logs it at WARN). The connection is closed and refused all the same. The same happens after a
   * failure the decoder does not close for ({@link #isKnownUnwrappedParseFailure}), with the
   * connection still open: the decoder goes on decoding what the client sends until
   * {@code proxyProtocolTimeout}. Anything else fails.
   */
  private static void assertKnownSecondHeader(DecoderException e, Promise<Channel> header,
      EmbeddedChannel channel) {
    if (!(e.getCause() instanceof IllegalStateException cause)
        || !String.valueOf(cause.getMessage()).startsWith("complete already")
        || !header.isDone() || header.isSuccess()
        || channel.isOpen() && !isKnownUnwrappedParseFailure(header.cause())) {
      throw e;
    }
  }

  /**
   * Known, upstream (Netty 4.2.17): a v2 header whose TLVs run past its announced length (and some
   * other malformed v2 headers) makes {@code HAProxyMessage.decodeHeader} throw a runtime exception
   * ({@code IndexOutOfBoundsException}, ...) that the decoder neither wraps in
   * {@code HAProxyProtocolException} nor answers by closing the channel. Vert.x fails the
   * connection's promise with it (the connect handler is never called) and leaves the channel to
   * its {@code proxyProtocolTimeout} idle handler, which closes it. Framewire counts it as a header
   * failure by where it was thrown ({@code ProxyHeaderFailures.isHeaderFailure}; tested in
   * {@code ProxyProtocolTlsTest}).
   */
  private static boolean isKnownUnwrappedParseFailure(Throwable failure) {
    return failure instanceof DecoderException
        && !(failure.getCause() instanceof io.netty.handler.codec.haproxy.HAProxyProtocolException)
        && failure.getCause() instanceof RuntimeException;
  }

  /** Netty's decoder as Vert.x makes it, telling how many bytes it holds. */
  private static final class Decoder extends HAProxyMessageDecoder {
    int held() {
      return actualReadableBytes();
    }
  }
}
