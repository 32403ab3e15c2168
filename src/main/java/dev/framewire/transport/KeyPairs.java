package dev.framewire.transport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * PEM key material read one way wherever Framewire reads it, a listener's {@code tls} files (at
 * start and at each rotation) and the client's {@code --ca}, {@code --cert} and {@code --key}: a
 * certificate chain with its private key, checked to belong together, and a CA bundle. Each is
 * refused with what is wrong ({@link BadPem}) before it is used, instead of failing every
 * handshake later; the caller names the file.
 */
public final class KeyPairs {
  private KeyPairs() {}

  /** What is wrong with PEM key material: which {@link Part}, and why (the message). */
  public static final class BadPem extends Exception {
    /** The certificate chain, the private key, the two together, or a CA bundle. */
    public enum Part { CHAIN, KEY, MISMATCH, CA }

    private final Part part;

    BadPem(Part part, String message, Throwable cause) {
      super(message, cause);
      this.part = part;
    }

    public Part part() {
      return part;
    }
  }

  /**
   * A PEM certificate chain and its private key as Vert.x reads them, checked to belong together.
   *
   * @param options the pair, for a server's or a client's options
   * @param factory its key managers
   * @param byName the key managers for each server name the certificate holds (SNI)
   * @param leaf the chain's first certificate
   */
  public record Pem(PemKeyCertOptions options, KeyManagerFactory factory,
      Function<String, KeyManagerFactory> byName, X509Certificate leaf) {
  }

  /**
   * Reads the certificate chain {@code chain} and its key {@code key} (PKCS#8, PKCS#1 RSA or SEC1
   * EC); {@code vertx} is what Vert.x's reading takes, nothing runs on it.
   *
   * @throws BadPem of {@link BadPem.Part#CHAIN}, {@link BadPem.Part#KEY} or
   *     {@link BadPem.Part#MISMATCH} (a key of another certificate)
   */
  public static Pem pem(Vertx vertx, byte[] chain, byte[] key) throws BadPem {
    X509Certificate leaf;
    try {
      List<X509Certificate> certificates = certificates(chain);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the file");
      }
      leaf = certificates.get(0);
    } catch (Exception e) {
      throw new BadPem(BadPem.Part.CHAIN, "not a PEM certificate chain: " + reason(e), e);
    }
    PemKeyCertOptions options = new PemKeyCertOptions().setCertValue(Buffer.buffer(chain))
        .setKeyValue(Buffer.buffer(key));
    KeyManagerFactory factory;
    Function<String, KeyManagerFactory> byName;
    try {
      factory = options.getKeyManagerFactory(vertx);
      byName = options.keyManagerFactoryMapper(vertx);
    } catch (Exception e) {
      throw new BadPem(BadPem.Part.KEY, "not a PEM private key: " + reason(e), e);
    }
    if (!holdsKeyOf(factory, leaf)) {
      throw new BadPem(BadPem.Part.MISMATCH, "the key does not match the certificate", null);
    }
    return new Pem(options, factory, byName, leaf);
  }

  /**
   * Reads the PEM CA bundle {@code pem}: at least one certificate, which Vert.x takes as trust.
   *
   * @throws BadPem of {@link BadPem.Part#CA}
   */
  public static PemTrustOptions caBundle(Vertx vertx, byte[] pem) throws BadPem {
    PemTrustOptions trust = new PemTrustOptions().addCertValue(Buffer.buffer(pem));
    try {
      if (certificates(pem).isEmpty()) {
        throw new IllegalArgumentException("no certificate in the file");
      }
      trust.getTrustManagerFactory(vertx);
    } catch (Exception e) {
      throw new BadPem(BadPem.Part.CA, "not a PEM CA bundle: " + reason(e), e);
    }
    return trust;
  }

  private static List<X509Certificate> certificates(byte[] pem) throws Exception {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
      certificates.add((X509Certificate) c);
    }
    return certificates;
  }

  /** An exception's message, or its type when it has none. */
  static String reason(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

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
