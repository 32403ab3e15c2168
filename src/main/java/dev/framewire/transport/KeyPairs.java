package dev.framewire.transport;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * Whether a key and a certificate belong together, checked before they are used: a listener's
 * {@code tls} files (at start and at each rotation) and the client's {@code --cert}/{@code --key}.
 * A mismatched pair is refused with the file named, instead of failing every handshake later.
 */
public final class KeyPairs {
  private KeyPairs() {}

  /**
   * Whether {@code factory} holds a private key for {@code leaf} (an alias whose chain starts with
   * it) that signs what {@code leaf}'s public key verifies.
   */
  public static boolean holdsKeyOf(KeyManagerFactory factory, X509Certificate leaf) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(leaf, "leaf");
    PrivateKey key = privateKey(factory, leaf);
    return key != null && matches(key, leaf.getPublicKey());
  }

  /** The key the factory holds for this certificate (the alias whose chain starts with it). */
  private static PrivateKey privateKey(KeyManagerFactory factory, X509Certificate leaf) {
    for (KeyManager manager : factory.getKeyManagers()) {
      if (manager instanceof X509KeyManager x509) {
        String[] aliases = x509.getServerAliases(leaf.getPublicKey().getAlgorithm(), null);
        if (aliases == null) {
          continue;
        }
        for (String alias : aliases) {
          X509Certificate[] chain = x509.getCertificateChain(alias);
          if (chain != null && chain.length > 0 && chain[0].equals(leaf)) {
            return x509.getPrivateKey(alias);
          }
        }
      }
    }
    return null;
  }

  /** Whether a signature made with {@code key} verifies with {@code publicKey}. */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> publicKey.getAlgorithm();
      case "DSA" -> "SHA256withDSA";
      default -> null;
    };
    if (algorithm == null) {
      return key.getAlgorithm().equals(publicKey.getAlgorithm());  // a key type this check cannot sign with
    }
    try {
      byte[] probe = "framewire key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (Exception e) {
      return false;
    }
  }
}
