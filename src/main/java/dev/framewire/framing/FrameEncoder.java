package dev.framewire.framing;

import io.vertx.core.buffer.Buffer;

/**
 * Writes a reply payload in the listener's framing, the inverse of its {@link Framer}: a delimiter
 * appended, a length header written, an octet count prefixed. Stateless and thread-safe.
 *
 * <p>Encoders do not escape: a payload that contains the delimiter of a {@code delimited} or
 * {@code lines} framing is refused ({@link UnframeableReplyException}), since the peer would read
 * it as several frames.
 *
 * <p>Create encoders with {@link Framings#encoder}.
 */
public interface FrameEncoder {

  /**
   * Appends {@code payload}, framed, to {@code out} (so that several replies can be coalesced into
   * one write). On an exception nothing has been appended.
   *
   * @throws FrameTooLongException if the payload cannot be expressed in this framing (longer than
   *     {@code maxLength}, or than the length header can count)
   * @throws UnframeableReplyException if the payload does not fit the framing's shape: a
   *     {@code fixed} framing whose payload is not exactly {@code size} bytes, an empty payload for
   *     {@code octet-counting} (RFC 6587 octet counts start with a non-zero digit), or a payload
   *     containing the delimiter of a {@code delimited} or {@code lines} framing
   */
  void encode(Buffer payload, Buffer out);

  /** Convenience: the framed payload as a new buffer. */
  default Buffer encode(Buffer payload) {
    Buffer out = Buffer.buffer(payload.length() + 16);
    encode(payload, out);
    return out;
  }
}
