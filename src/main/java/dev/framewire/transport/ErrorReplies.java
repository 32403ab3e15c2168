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
  private final int maxLength;

  ErrorReplies(ListenerConfig config, BodyCodec codec) {
    this.maxLength = config.framing().maxLength();
    this.template = config.onError().errorFrame();
    this.json = config.codec().type() == CodecType.JSON
        && OnErrorConfig.DEFAULT_ERROR_FRAME.equals(template);
    this.codec = codec;
  }

  /** The error frame's payload, cut to the framing's {@code maxLength} so that it can always be sent. */
  Buffer payload(Failure failure) {
    String message = failure.message() == null ? "" : failure.message().replace('\r', ' ').replace('\n', ' ');
    Buffer payload;
    if (json) {
      payload = new JsonObject().put("error", failure.code()).put("message", message).toBuffer();
      if (payload.length() > maxLength) {
        payload = new JsonObject().put("error", failure.code()).toBuffer();
      }
    } else {
      payload = codec.encode(template.replace("{code}", failure.code()).replace("{message}", message));
    }
    return payload.length() > maxLength ? payload.getBuffer(0, maxLength) : payload;
  }
}
