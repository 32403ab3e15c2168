package dev.framewire.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.Charset;

/** {@code bytes}: the frame is the body. */
final class BytesCodec implements BodyCodec {
  private final Charset charset;

  BytesCodec(Charset charset) {
    this.charset = charset;
  }

  @Override
  public Object decode(Buffer frame) {
    return frame; // the framer hands over a buffer nobody else holds: no copy needed
  }

  @Override
  public Buffer encode(Object body) {
    return Codecs.encodeReply(body, charset);
  }
}
