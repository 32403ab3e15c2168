package dev.framewire.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code text}: the frame decoded strictly with the configured charset; bytes that are malformed or
 * unmappable in it are a {@link DecodeException} naming the offset, never replaced by U+FFFD.
 * UTF-8 and ISO-8859-1 (where every byte is a character) take a fast path.
 */
final class TextCodec implements BodyCodec {
  private final Charset charset;
  private final boolean utf8;
  private final boolean latin1;

  TextCodec(Charset charset) {
    this.charset = charset;
    this.utf8 = charset.equals(StandardCharsets.UTF_8);
    this.latin1 = charset.equals(StandardCharsets.ISO_8859_1);
  }

  @Override
  public Object decode(Buffer frame) throws DecodeException {
    byte[] bytes = frame.getBytes();
    if (utf8) {
      int bad = Utf8.firstInvalid(bytes);
      if (bad >= 0) {
        throw new DecodeException("invalid UTF-8 at byte " + bad);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (latin1) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return decodeStrictly(bytes, charset);
  }

  /** {@link CharsetDecoder#decode(ByteBuffer)}'s loop, failing with the offset of the bad input. */
  static String decodeStrictly(byte[] bytes, Charset charset) throws DecodeException {
    CharsetDecoder decoder = charset.newDecoder() // not thread-safe: one per call
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int capacity = (int) (bytes.length * (double) decoder.averageCharsPerByte()) + 1;
    CharBuffer out = CharBuffer.allocate(capacity);
    while (true) {
      // always decode before flushing: flush() on a decoder that never decoded (an empty frame) throws
      CoderResult result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        result = decoder.flush(out);
      }
      if (result.isUnderflow()) {
        break;
      }
      if (result.isOverflow()) {
        capacity = 2 * capacity + 1;
        CharBuffer bigger = CharBuffer.allocate(capacity);
        out.flip();
        bigger.put(out);
        out = bigger;
        continue;
      }
      throw new DecodeException((result.isMalformed() ? "invalid " : "unmappable ")
          + charset.name() + " at byte " + in.position());
    }
    out.flip();
    return out.toString();
  }

  @Override
  public Buffer encode(Object body) {
    return Codecs.encodeReply(body, charset);
  }
}
