package dev.framewire.transport;

import dev.framewire.api.ClientCertificate;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/** The identity a TLS client proved in its handshake, read once per connection, when its first frame needs it. */
final class ClientCertificates {
  private ClientCertificates() {}

  /** The client's certificate on an accepted TLS socket, or null when it sent none. */
  static ClientCertificate of(NetSocket socket) {
    List<Certificate> chain;
    try {
      chain = socket.peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return null;  // clientAuth request, and the client had no certificate
    }
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
      return null;
    }
    return of(leaf);
  }

  static ClientCertificate of(X509Certificate leaf) {
    byte[] der;
    try {
      der = leaf.getEncoded();
    } catch (CertificateEncodingException e) {
      der = new byte[0];  // not reached: the certificate came off the wire in that encoding
    }
    return new ClientCertificate(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253),
        leaf.getIssuerX500Principal().getName(X500Principal.RFC2253), san(leaf),
        leaf.getSerialNumber().toString(16), TlsKeys.hex(TlsKeys.sha256().digest(der)));
  }

  /** DNS, IP, email and URI names as {@code KIND:value}, in the certificate's order. */
  private static String san(X509Certificate leaf) {
    Collection<List<?>> names;
    try {
      names = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return "";
    }
    if (names == null) {
      return "";
    }
    StringJoiner out = new StringJoiner(", ");
    for (List<?> name : names) {
      if (name.size() < 2 || !(name.get(0) instanceof Integer kind) || !(name.get(1) instanceof String value)) {
        continue;
      }
      String label = switch (kind) {
        case 1 -> "email";
        case 2 -> "DNS";
        case 6 -> "URI";
        case 7 -> "IP";
        default -> null;
      };
      if (label != null) {
        out.add(label + ":" + value);
      }
    }
    return out.toString();
  }

}
