package dev.framewire.transport;

import dev.framewire.codec.BodyCodec;
import dev.framewire.config.CodecType;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.OnErrorConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The payload of a listener's error frames. JSON listeners with the default template answer
 * {@code {"error": "TIMEOUT", "message": "..."}}; others fill the {@code errorFrame} template's
 * {@code {code}} and {@code {message}} (line breaks in the message become spaces, so that an
 * error never splits into two frames of a line protocol).
 */
final class ErrorReplies {
  private final String template;
  private final boolean json;
  private final BodyCodec codec;

  ErrorReplies(ListenerConfig config, BodyCodec codec) {
    this.template = config.onError().errorFrame();
    this.json = config.codec().type() == CodecType.JSON
        && OnErrorConfig.DEFAULT_ERROR_FRAME.equals(template);
    this.codec = codec;
  }

  Buffer payload(Failure failure) {
    String message = failure.message() == null ? "" : failure.message().replace('\r', ' ').replace('\n', ' ');
    if (json) {
      return new JsonObject().put("error", failure.code()).put("message", message).toBuffer();
    }
    return codec.encode(template.replace("{code}", failure.code()).replace("{message}", message));
  }
}
