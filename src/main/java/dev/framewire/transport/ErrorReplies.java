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
 *
 * <p>An error frame never exceeds the framing's {@code maxLength}, and never loses its code: when
 * the whole frame would be too long, the message is shortened and ends in {@value #ELLIPSIS}
 * (so that a reader sees it was cut), down to no message at all. When even the code alone does not
 * fit, there is no error frame ({@link #payload} returns null).
 */
final class ErrorReplies {
  static final String ELLIPSIS = "...";
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

  /** The error frame's payload within {@code maxLength}, or null when its code alone does not fit. */
  Buffer payload(Failure failure) {
    String message = failure.message() == null ? "" : failure.message().replace('\r', ' ').replace('\n', ' ');
    Buffer payload = render(failure.code(), message);
    if (payload.length() <= maxLength) {
      return payload;
    }
    // shorten the message by what is too much (at least one character a round: multi-byte text)
    int keep = message.length();
    while (keep > 0) {
      keep = Math.max(0, Math.min(keep - 1, keep - (payload.length() - maxLength) - ELLIPSIS.length()));
      if (keep > 0 && Character.isLowSurrogate(message.charAt(keep))) {
        keep--;  // never split a surrogate pair
      }
      payload = render(failure.code(), keep == 0 ? null : message.substring(0, keep) + ELLIPSIS);
      if (payload.length() <= maxLength) {
        return payload;
      }
    }
    return null;
  }

  /** @param message null: none at all (JSON: no "message" key) */
  private Buffer render(String code, String message) {
    if (json) {
      JsonObject error = new JsonObject().put("error", code);
      if (message != null) {
        error.put("message", message);
      }
      return error.toBuffer();
    }
    return codec.encode(template.replace("{code}", code).replace("{message}", message == null ? "" : message));
  }
}
