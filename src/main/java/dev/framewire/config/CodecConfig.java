package dev.framewire.config;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How frames are decoded into event-bus bodies and replies encoded back. In JSON either a string
 * or an object; default {@code "bytes"}:
 *
 * <pre>
 * "codec": "text"
 * "codec": {"type": "text", "charset": "ISO-8859-1"}
 * </pre>
 *
 * @param type body type
 * @param charset charset for {@code text} (and for String replies of any codec); must be supported
 *     by the JVM; default {@link #DEFAULT_CHARSET}
 */
public record CodecConfig(CodecType type, Charset charset) {
  /** Default charset: UTF-8. */
  public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;

  public CodecConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(charset, "charset");
  }

  public static CodecConfig of(CodecType type) {
    return new CodecConfig(type, DEFAULT_CHARSET);
  }
}
