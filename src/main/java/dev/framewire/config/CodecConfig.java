package dev.framewire.config;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How frames are decoded into event-bus bodies and replies encoded back. In JSON either a string
 * ({@code "text"}) or an object ({@code {"type": "text", "charset": "ISO-8859-1"}}).
 *
 * @param type body type
 * @param charset charset for {@code text} (and for String replies); default UTF-8
 */
public record CodecConfig(CodecType type, Charset charset) {
  public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;

  public static CodecConfig of(CodecType type) {
    return new CodecConfig(type, DEFAULT_CHARSET);
  }
}
