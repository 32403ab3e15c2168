package dev.framewire.codec;

import dev.framewire.config.CodecConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.util.Objects;

/** Makes the {@link BodyCodec} for a {@link CodecConfig}. */
public final class Codecs {

  private Codecs() {}

  /** The codec for {@code config}; stateless and thread-safe, may be shared. */
  public static BodyCodec of(CodecConfig config) {
    Objects.requireNonNull(config, "config");
    Charset charset = Objects.requireNonNull(config.charset(), "config.charset");
    return switch (Objects.requireNonNull(config.type(), "config.type")) {
      case BYTES -> new BytesCodec(charset);
      case TEXT -> new TextCodec(charset);
      case JSON -> new JsonCodec(charset);
    };
  }

  /** {@link BodyCodec#encode}, shared by every codec. */
  static Buffer encodeReply(Object body, Charset charset) {
    if (body == null) {
      return null;
    }
    if (body instanceof Buffer buffer) {
      return buffer;
    }
    if (body instanceof String string) {
      return Buffer.buffer(string.getBytes(charset));
    }
    if (body instanceof JsonObject object) {
      return object.toBuffer();
    }
    if (body instanceof JsonArray array) {
      return array.toBuffer();
    }
    if (body instanceof byte[] bytes) {
      return Buffer.buffer(bytes);
    }
    throw new IllegalArgumentException(
        "cannot encode reply body of type " + body.getClass().getName());
  }
}
