package dev.framewire.transport;

import dev.framewire.config.TlsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;

/**
 * A TLS listener's key material, read from disk once and checked before Vert.x sees it: every file
 * of the {@code tls} section is read into memory ({@link #read}), then each certificate chain is
 * parsed, each key loaded and proven to match its certificate (a signature made with the key checks
 * against the certificate's public key), and the trusted client CAs parsed ({@link #load}). Only a
 * set that passes all of this becomes {@link #keyCertOptions()} and {@link #trustOptions()}, which
 * Vert.x builds its SSL contexts from without reading the disk again, so a file that changes
 * between the check and the use cannot slip in.
 *
 * <p>Several sources (SNI): a client naming a server is answered with the first source whose
 * certificate names it (Vert.x's matching: DNS subject alternative names and the common name, a
 * {@code *.} wildcard for one label); every other client with the first source.
 *
 * <p>Blocking (file reads, key parsing): call on a worker thread, never an event loop.
 */
final class TlsKeys {
  private final KeyCertOptions keyCertOptions;
  private final TrustOptions trustOptions;
  private final List<X509Certificate> leaves;

  private TlsKeys(KeyCertOptions keyCertOptions, TrustOptions trustOptions, List<X509Certificate> leaves) {
    this.keyCertOptions = keyCertOptions;
    this.trustOptions = trustOptions;
    this.leaves = leaves;
  }

  /** The server certificates, one per source, in order of preference. */
  List<X509Certificate> leaves() {
    return leaves;
  }

  KeyCertOptions keyCertOptions() {
    return keyCertOptions;
  }

  /** The CAs that client certificates must chain to, or null (none configured). */
  TrustOptions trustOptions() {
    return trustOptions;
  }

  /** Key material that cannot be used: the config key and the file at fault, and why. */
  static final class BadKeysException extends Exception {
    BadKeysException(String field, String file, String reason, Throwable cause) {
      super(field + " " + file + ": " + reason, cause);
    }
  }

  /**
   * The content of every file of a {@code tls} section at one moment, and its digest, by which a
   * later read tells whether anything changed. Reading follows symbolic links, so a link swapped
   * to a new directory (as certificate managers do) reads as the new files.
   */
  record Snapshot(Map<String, byte[]> contents, String digest) {
    byte[] of(String path) {
      return contents.get(path);
    }
  }

  /** Reads every file the section names; an unreadable file names its config key. */
  static Snapshot read(TlsConfig tls) throws BadKeysException {
    Map<String, String> fields = fields(tls);
    Map<String, byte[]> contents = new LinkedHashMap<>();
    MessageDigest digest = sha256();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String path = field.getKey();
      if (contents.containsKey(path)) {
        continue;
      }
      try {
        byte[] bytes = Files.readAllBytes(Path.of(path));
        contents.put(path, bytes);
        digest.update(path.getBytes(StandardCharsets.UTF_8));
        digest.update(new byte[] {0});
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        digest.update(new byte[] {0});
        digest.update(bytes);
      } catch (IOException | RuntimeException e) {
        throw new BadKeysException(field.getValue(), path, "cannot be read: " + e, e);
      }
    }
    return new Snapshot(Collections.unmodifiableMap(contents), hex(digest.digest()));
  }

  /** Every file of the section, each with the config key that names it, in a stable order. */
  private static Map<String, String> fields(TlsConfig tls) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (tls.certPath() != null) {
      fields.put(tls.certPath(), "tls.certPath");
      fields.putIfAbsent(tls.keyPath(), "tls.keyPath");
    }
    if (tls.keyStorePath() != null) {
      fields.put(tls.keyStorePath(), "tls.keyStorePath");
    }
    for (int i = 0; i < tls.certificates().size(); i++) {
      TlsConfig.CertificatePair pair = tls.certificates().get(i);
      fields.putIfAbsent(pair.certPath(), "tls.certificates[" + i + "].certPath");
      fields.putIfAbsent(pair.keyPath(), "tls.certificates[" + i + "].keyPath");
    }
    if (tls.trustPath() != null) {
      fields.putIfAbsent(tls.trustPath(), "tls.trustPath");
    }
    return fields;
  }

  /** Checks {@code files} as {@code tls} describes them and makes the options Vert.x is given. */
  static TlsKeys load(Vertx vertx, TlsConfig tls, Snapshot files) throws BadKeysException {
    List<Source> sources = new ArrayList<>();
    if (tls.certPath() != null) {
      sources.add(pem(vertx, files, tls.certPath(), "tls.certPath", tls.keyPath(), "tls.keyPath"));
    } else if (tls.keyStorePath() != null) {
      sources.add(keyStore(vertx, tls, files));
    }
    for (int i = 0; i < tls.certificates().size(); i++) {
      TlsConfig.CertificatePair pair = tls.certificates().get(i);
      String at = "tls.certificates[" + i + "]";
      sources.add(pem(vertx, files, pair.certPath(), at + ".certPath", pair.keyPath(), at + ".keyPath"));
    }
    TrustOptions trust = null;
    if (tls.trustPath() != null) {
      try {
        trust = KeyPairs.caBundle(vertx, files.of(tls.trustPath()));
      } catch (KeyPairs.BadPem e) {
        throw new BadKeysException("tls.trustPath", tls.trustPath(), e.getMessage(), e.getCause());
      }
    }
    List<X509Certificate> leaves = new ArrayList<>();
    for (Source source : sources) {
      leaves.add(source.leaf);
    }
    return new TlsKeys(new Loaded(sources), trust, List.copyOf(leaves));
  }

  /** One certificate source: its key manager factory, and its mapping of server names. */
  private record Source(KeyManagerFactory factory, Function<String, KeyManagerFactory> byName,
      X509Certificate leaf) {
  }

  private static Source pem(Vertx vertx, Snapshot files, String certPath, String certField, String keyPath,
      String keyField) throws BadKeysException {
    try {
      KeyPairs.Pem pair = KeyPairs.pem(vertx, files.of(certPath), files.of(keyPath));
      return new Source(pair.factory(), pair.byName(), pair.leaf());
    } catch (KeyPairs.BadPem e) {
      throw switch (e.part()) {
        case CHAIN -> new BadKeysException(certField, certPath, e.getMessage(), e.getCause());
        case MISMATCH -> new BadKeysException(keyField, keyPath, e.getMessage() + " in " + certPath, null);
        default -> new BadKeysException(keyField, keyPath, e.getMessage(), e.getCause());
      };
    }
  }

  private static Source keyStore(Vertx vertx, TlsConfig tls, Snapshot files) throws BadKeysException {
    KeyStoreOptions options = new KeyStoreOptions()
        .setType(tls.keyStoreType())
        .setValue(Buffer.buffer(files.of(tls.keyStorePath())))
        .setPassword(tls.keyStorePassword());
    String field = "tls.keyStorePath";
    try {
      KeyStore store = options.loadKeyStore(vertx);
      KeyManagerFactory factory = options.getKeyManagerFactory(vertx);
      X509Certificate leaf = null;
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate first)) {
          continue;
        }
        if (!KeyPairs.holdsKeyOf(factory, first)) {
          throw new BadKeysException(field, tls.keyStorePath(),
              "the key of entry \"" + alias + "\" does not match its certificate", null);
        }
        if (leaf == null) {
          leaf = first;
        }
      }
      if (leaf == null) {
        throw new BadKeysException(field, tls.keyStorePath(), "holds no key with a certificate", null);
      }
      return new Source(factory, options.keyManagerFactoryMapper(vertx), leaf);
    } catch (BadKeysException e) {
      throw e;
    } catch (Exception e) {
      throw new BadKeysException(field, tls.keyStorePath(), "not a " + tls.keyStoreType()
          + " key store with this password: " + KeyPairs.reason(e), e);
    }
  }


  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * What Vert.x is given: the sources' factories, already loaded. The first is the default; a
   * server name goes to the first source that names it. Immutable, so {@link #copy()} is itself.
   */
  private static final class Loaded implements KeyCertOptions {
    private final List<Source> sources;

    Loaded(List<Source> sources) {
      this.sources = List.copyOf(sources);
    }

    @Override
    public KeyCertOptions copy() {
      return this;
    }

    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) {
      return sources.get(0).factory();
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
      return name -> {
        for (Source source : sources) {
          KeyManagerFactory factory = source.byName().apply(name);
          if (factory != null) {
            return factory;
          }
        }
        return null;
      };
    }

    @Override
    public String toString() {
      return "TlsKeys" + Arrays.toString(sources.stream().map(s -> s.leaf().getSubjectX500Principal()).toArray());
    }
  }
}
