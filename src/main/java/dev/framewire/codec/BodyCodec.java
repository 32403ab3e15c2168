package dev.framewire.codec;

import io.vertx.core.buffer.Buffer;

/**
 * Turns frames into event-bus bodies and reply bodies back into bytes. Implementations are
 * stateless and thread-safe: one instance may serve every connection of a listener. Create them
 * with {@link Codecs#of}.
 *
 * <table>
 *   <caption>What {@link #decode} returns</caption>
 *   <tr><th>codec</th><th>body</th><th>rejects</th></tr>
 *   <tr><td>{@code bytes}</td><td>the frame {@link Buffer} itself, not copied</td><td>nothing</td></tr>
 *   <tr><td>{@code text}</td><td>{@link String}, decoded strictly with the configured charset</td>
 *       <td>malformed or unmappable bytes: {@code "invalid UTF-8 at byte 3"}</td></tr>
 *   <tr><td>{@code json}</td><td>{@link io.vertx.core.json.JsonObject} or
 *       {@link io.vertx.core.json.JsonArray}; the frame must be UTF-8 (RFC 8259)</td>
 *       <td>bad UTF-8, invalid JSON, a JSON scalar ({@code 42}, {@code "a"}, {@code null}), an empty
 *       frame, anything but whitespace after the value</td></tr>
 * </table>
 *
 * <p>{@link #encode} is the same for every codec (only the charset for {@code String} differs).
 */
public interface BodyCodec {

  /**
   * The body for one frame.
   *
   * @throws DecodeException when the frame is not valid for this codec; the message says why and
   *     where (a byte offset into the frame)
   */
  Object decode(Buffer frame) throws DecodeException;

  /**
   * The bytes for a reply body:
   * <ul>
   *   <li>{@link Buffer}: as is (not copied);</li>
   *   <li>{@link String}: encoded with the codec's charset (UTF-8 unless configured otherwise);
   *       characters the charset cannot represent become its replacement byte, as
   *       {@link String#getBytes(java.nio.charset.Charset)} does;</li>
   *   <li>{@link io.vertx.core.json.JsonObject}, {@link io.vertx.core.json.JsonArray}: their JSON
   *       text in UTF-8 ({@code toBuffer()});</li>
   *   <li>{@code byte[]}: copied into a new buffer;</li>
   *   <li>{@code null}: {@code null} (no body).</li>
   * </ul>
   *
   * @throws IllegalArgumentException for any other type:
   *     {@code "cannot encode reply body of type java.lang.Integer"}
   */
  Buffer encode(Object body);
}
