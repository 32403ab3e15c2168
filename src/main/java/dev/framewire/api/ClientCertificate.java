package dev.framewire.api;

import io.vertx.core.MultiMap;
import java.util.Objects;

/**
 * Who a TLS client proved to be: its certificate, as the listener read it once when the connection
 * was accepted (listeners with {@code tls.clientAuth} {@code request} or {@code required}). Every
 * frame of that connection carries these values, as the {@code fw.tls.*} headers of
 * {@link Envelope} and as {@link Frame#clientCertificate()}, so that a handler can decide what the
 * client may do. The certificate has been checked against the listener's {@code trustPath} during
 * the handshake; a client without one ({@code request}) has none.
 *
 * <pre>
 *   subject      "CN=sensor-17,O=Acme"                            RFC 2253, as X500Principal writes it
 *   issuer       "CN=Acme Devices CA"
 *   san          "DNS:sensor-17.acme.test, IP:10.1.2.3, email:ops@acme.test, URI:spiffe://acme/sensor-17"
 *                (empty when there is none; ", " never occurs inside a value)
 *   serial       "3f9a0c..."                                      hex, lower case, no leading zeros
 *   fingerprint  "9c1e...e2"                                      SHA-256 of the DER certificate, 64 hex digits
 * </pre>
 *
 * @param subject the subject's distinguished name
 * @param issuer the issuer's distinguished name
 * @param san the subject alternative names of kinds DNS, IP, email and URI, each as {@code KIND:value},
 *     in the certificate's order, joined by {@code ", "}; empty for none
 * @param serial the serial number in lower-case hex
 * @param fingerprint the SHA-256 of the certificate's DER encoding, lower-case hex
 */
public record ClientCertificate(String subject, String issuer, String san, String serial, String fingerprint) {
  public ClientCertificate {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(san, "san");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** The certificate a message's {@code fw.tls.*} headers describe, or null when they carry none. */
  public static ClientCertificate of(MultiMap headers) {
    String subject = headers.get(Envelope.TLS_SUBJECT);
    if (subject == null) {
      return null;
    }
    return new ClientCertificate(subject, Objects.requireNonNullElse(headers.get(Envelope.TLS_ISSUER), ""),
        Objects.requireNonNullElse(headers.get(Envelope.TLS_SAN), ""),
        Objects.requireNonNullElse(headers.get(Envelope.TLS_SERIAL), ""),
        Objects.requireNonNullElse(headers.get(Envelope.TLS_FINGERPRINT), ""));
  }
}
