package com.example;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Frame;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * Answers each text frame with the same text in upper case, followed by an optional suffix.
 *
 * <p>Config keys (all optional):
 * <pre>
 *   suffix  appended to every answer                         ""
 *   locale  BCP 47 language tag for the case rules, e.g.     none (locale-neutral rules)
 *           "tr" turns "i" into "İ"
 * </pre>
 *
 * <p>Deploy it with a handler of type {@code verticle}; its {@code config} object is what
 * {@link #config()} returns (plus {@code "address"}, set by Framewire):
 * <pre>{@code
 * {"type": "verticle", "address": "app.upper", "className": "com.example.UppercaseHandler",
 *  "config": {"suffix": "!"}}
 * }</pre>
 * The listener must decode frames as text (codec {@code text}); any other body fails the frame,
 * and the listener applies its {@code onError} action ({@code HANDLER_FAILURE}).
 */
public class UppercaseHandler extends FrameHandlerVerticle {
  private String suffix;
  private Locale locale;

  /** Reads the config once, before any frame arrives. */
  @Override
  protected Future<?> setUp() {
    suffix = config().getString("suffix", "");
    String tag = config().getString("locale");
    locale = tag == null ? Locale.ROOT : Locale.forLanguageTag(tag);
    return Future.succeededFuture();
  }

  /** Runs on this instance's event loop: never block here. */
  @Override
  protected void handle(Frame frame) {
    Object body = frame.body();
    if (!(body instanceof String text)) {
      // a thrown exception becomes a HANDLER_FAILURE reply with this message
      throw new IllegalArgumentException("expected a text frame (codec \"text\")");
    }
    String answer = text.toUpperCase(locale) + suffix;
    if (frame.expectsReply()) {
      frame.reply(answer);   // delivery "request": written back in frame order
    } else {
      frame.push(answer);    // delivery "send"/"publish": written at once
    }
  }
}
