package dev.framewire.framing;

import io.vertx.core.buffer.Buffer;

/**
 * Writes a reply payload in the listener's framing, the inverse of its {@link Framer}: a delimiter
 * appended, a length header written, an octet count prefixed. Stateless and thread-safe.
 */
public interface FrameEncoder {

  /**
   * Appends {@code payload}, framed, to {@code out} (so that several replies can be coalesced into
   * one write).
   *
   * @throws FrameTooLongException if the payload cannot be expressed in this framing (longer than
   *     {@code maxLength}, or than the length header can count)
   */
  void encode(Buffer payload, Buffer out);

  /** Convenience: the framed payload as a new buffer. */
  default Buffer encode(Buffer payload) {
    Buffer out = Buffer.buffer(payload.length() + 16);
    encode(payload, out);
    return out;
  }
}
