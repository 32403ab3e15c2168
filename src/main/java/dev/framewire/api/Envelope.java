package dev.framewire.api;


/**
 * The envelope every frame travels in on the event bus: header names and addresses. Public API:
 * handlers in any language read these headers.
 *
 * <p>A frame is sent to the listener's {@code address} with its decoded body ({@code Buffer},
 * {@code String}, {@code JsonObject} or {@code JsonArray}) and these headers:
 * <pre>
 *   fw.listener      listener name                        "lines"
 *   fw.protocol      tcp | udp                            "tcp"
 *   fw.remote        peer address                         "127.0.0.1:53422", "[::1]:53422"
 *   fw.local         local address                        "127.0.0.1:7002"
 *   fw.conn          connection id, unique in the cluster "k3xq9.lines.0.17"
 *   fw.conn-address  event-bus address that writes to that connection (UDP: to that sender)
 *   fw.seq           sequence number of a frame awaiting a reply (delivery "request" only)
 *   fw.truncated     "true" when the frame was cut to maxLength (onOversize "truncate")
 * </pre>
 *
 * <h2>Client identity (TLS)</h2>
 * On a TLS listener with {@code clientAuth} {@code request} or {@code required}, every frame from a
 * connection whose client presented a certificate also carries that certificate's identity, read
 * once when the connection was accepted (see {@link ClientCertificate} for each value's form):
 * <pre>
 *   fw.tls.subject      subject DN (RFC 2253)          "CN=sensor-17,O=Acme"
 *   fw.tls.issuer       issuer DN                      "CN=Acme Devices CA"
 *   fw.tls.san          subject alternative names      "DNS:sensor-17.acme.test, IP:10.1.2.3, email:ops@acme.test"
 *   fw.tls.serial       serial number, hex             "3f9a0c"
 *   fw.tls.sha256       SHA-256 fingerprint, hex       "9c1e…" (64 digits)
 * </pre>
 * None of them is present for plain TCP, UDP, TLS without client certificates, or a client that
 * sent none ({@code request}). The certificate was checked against the listener's
 * {@code trustPath} before the connection was accepted, so a handler may authorise on these values;
 * a message from anywhere else on the event bus can carry any header, so authorise only on frames
 * from the listener's address. Java handlers read {@link Frame#clientCertificate()}.
 *
 * <h2>Replying and pushing</h2>
 * A reply is a message sent to {@code fw.conn-address} with headers {@code fw.conn} and
 * {@code fw.seq} copied from the frame; its body (Buffer, String, JsonObject, JsonArray, byte[], or
 * {@code null} for "no reply") is encoded and framed by the listener and written in frame order.
 * A String body with header {@code fw.encoding: base64} is base64 for the listener to decode and
 * write as bytes (how bridge peers send binary, {@link #replyBody}).
 * A failure reply carries header {@code fw.error} (a code such as {@code HANDLER_FAILURE}) and a
 * String body with the message; the listener turns it into its {@code onError} action.
 * A message to {@code fw.conn-address} with {@code fw.conn} and no {@code fw.seq} is a push: it is
 * written to that connection at once. Java handlers use {@link Frame#reply}, {@link Frame#fail} and
 * {@link Frame#push}, which do exactly this. The connection address is one consumer per listener
 * instance (not one per connection), so opening and closing connections registers nothing on a
 * clustered bus; a message for a connection that has closed is counted and discarded. A TCP push
 * sent with {@code request} is answered, so that its sender learns whether the connection is still
 * there, on whichever node it lives: an empty reply once the push is queued for writing, or failure
 * {@link #CONNECTION_CLOSED_FAILURE} ({@code CONNECTION_CLOSED ...}) once the connection has closed.
 *
 * <h2>Broadcast</h2>
 * A message published to {@link #broadcastAddress(String)} is written to every open connection of
 * that listener (on every node), except the one named in header {@code fw.exclude}.
 */
public final class Envelope {
  public static final String LISTENER = "fw.listener";
  public static final String PROTOCOL = "fw.protocol";
  public static final String REMOTE = "fw.remote";
  public static final String LOCAL = "fw.local";
  public static final String CONNECTION_ID = "fw.conn";
  public static final String CONNECTION_ADDRESS = "fw.conn-address";
  public static final String SEQUENCE = "fw.seq";
  public static final String TRUNCATED = "fw.truncated";
  /** The client certificate's subject DN (RFC 2253); see "Client identity (TLS)" above. */
  public static final String TLS_SUBJECT = "fw.tls.subject";
  /** The client certificate's issuer DN. */
  public static final String TLS_ISSUER = "fw.tls.issuer";
  /** The client certificate's subject alternative names: {@code KIND:value} joined by {@code ", "}. */
  public static final String TLS_SAN = "fw.tls.san";
  /** The client certificate's serial number in lower-case hex. */
  public static final String TLS_SERIAL = "fw.tls.serial";
  /** The SHA-256 of the client certificate's DER encoding in lower-case hex. */
  public static final String TLS_FINGERPRINT = "fw.tls.sha256";
  /**
   * On a reply or push: {@value #BASE64} says its String body is base64 (either alphabet, padding
   * optional) for the listener to write as bytes. How bridge peers, whose bodies are JSON, send
   * binary; without it a String is written as its UTF-8 bytes.
   */
  public static final String ENCODING = "fw.encoding";
  /** The one {@link #ENCODING} there is. */
  public static final String BASE64 = "base64";
  public static final String ERROR = "fw.error";
  public static final String EXCLUDE = "fw.exclude";

  /** Error codes a listener writes in its error frames. */
  public static final String NO_HANDLER = "NO_HANDLER";
  /** The node of the chosen handler cannot be reached: it died, and the cluster has not yet noticed. */
  public static final String UNREACHABLE = "UNREACHABLE";
  public static final String TIMEOUT = "TIMEOUT";
  public static final String HANDLER_FAILURE = "HANDLER_FAILURE";
  public static final String BAD_REPLY = "BAD_REPLY";
  public static final String DECODE = "DECODE";
  public static final String OVERSIZE = "OVERSIZE";
  public static final String BUSY = "BUSY";
  /** Failure message prefix of a push request to a connection that has closed. */
  public static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";
  /** Failure code of a push request to a connection that has closed (HTTP's "Gone"). */
  public static final int CONNECTION_CLOSED_FAILURE = 410;
  /**
   * Failure code of a push request whose body the listener cannot write: not encodable, or not
   * carried by its framing (too long, the wrong size, containing the delimiter). The message starts
   * with {@value #BAD_REPLY}.
   */
  public static final int BAD_REPLY_FAILURE = 422;
  /** Failure code of a reply or push whose {@code fw.conn} or {@code fw.seq} is missing or malformed. */
  public static final int BAD_ADDRESSING_FAILURE = 400;
  public static final String CORRUPT = "CORRUPT";

  private static final String PREFIX = "framewire.";

  private Envelope() {}

  /** Publish here to write to every connection of a listener. */
  public static String broadcastAddress(String listener) {
    return PREFIX + "broadcast." + listener;
  }
}
