package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.codec.Codecs;
import dev.framewire.config.ConfigLoader;
import dev.framewire.config.ListenerConfig;
import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Error frames within maxLength keep their code whole; handshake failures are logged without payload. */
class ErrorRepliesTest {

  private static ErrorReplies errors(int maxLength, String codec) {
    JsonObject listener = new JsonObject().put("name", "l").put("protocol", "tcp").put("port", 0)
        .put("framing", new JsonObject().put("type", "lines").put("maxLength", maxLength))
        .put("codec", codec).put("address", "a");
    ListenerConfig config = ConfigLoader.parse(new JsonObject().put("listeners", new JsonArray().add(listener)))
        .listeners().get(0);
    return new ErrorReplies(config, Codecs.of(config.codec()));
  }

  private static String text(Buffer payload) {
    return payload == null ? null : payload.toString();
  }

  @Test
  void aFrameThatFitsIsWhole() {
    assertThat(text(errors(64, "text").payload(new Failure("NO_HANDLER", "no handler on a"))))
        .isEqualTo("ERROR NO_HANDLER no handler on a");
  }

  @Test
  void aLongMessageIsShortenedVisiblyAndTheCodeKeptWhole() {
    // before: cut at maxLength mid-word, "ERROR NO_HANDLER" and the message lost at 16
    Failure failure = new Failure("NO_HANDLER", "no handler on app.lines.upper");
    assertThat(text(errors(24, "text").payload(failure))).isEqualTo("ERROR NO_HANDLER no h...").hasSize(24);
    assertThat(text(errors(20, "text").payload(failure))).isEqualTo("ERROR NO_HANDLER ").hasSize(17);
    assertThat(text(errors(17, "text").payload(failure))).isEqualTo("ERROR NO_HANDLER ");
    // the code alone does not fit: no error frame at all rather than a cut code
    assertThat(errors(16, "text").payload(failure)).isNull();
  }

  @Test
  void lineBreaksInTheMessageBecomeSpaces() {
    assertThat(text(errors(64, "text").payload(new Failure("HANDLER_FAILURE", "a\nb\r\nc"))))
        .isEqualTo("ERROR HANDLER_FAILURE a b  c");
  }

  @Test
  void jsonErrorsShortenTheirMessageTooAndDropItLast() {
    Failure failure = new Failure("TIMEOUT", "no reply within 30000 ms");
    assertThat(text(errors(64, "json").payload(failure)))
        .isEqualTo("{\"error\":\"TIMEOUT\",\"message\":\"no reply within 30000 ms\"}");
    assertThat(text(errors(40, "json").payload(failure))).isEqualTo("{\"error\":\"TIMEOUT\",\"message\":\"no re...\"}");
    assertThat(text(errors(20, "json").payload(failure))).isEqualTo("{\"error\":\"TIMEOUT\"}");
    assertThat(errors(18, "json").payload(failure)).isNull();
  }

  @Test
  void aHandshakeFailureIsDescribedWithoutTheClientsBytes() {
    // Netty puts the whole read in hex into this message: it must not reach the log
    assertThat(HandshakeFailures.describe(new NotSslRecordException("not an SSL/TLS record: 706c61696e0a")))
        .isEqualTo("NotSslRecordException: not an SSL/TLS record (a plain-text client?)")
        .doesNotContain("706c61696e0a");
    assertThat(HandshakeFailures.describe(new SSLHandshakeException("Empty client certificate chain")))
        .isEqualTo("SSLHandshakeException: Empty client certificate chain");
    assertThat(HandshakeFailures.describe(new IllegalStateException("bad record: 474554202f20485454502f312e30")))
        .isEqualTo("IllegalStateException: bad record");
  }
}
