package dev.framewire.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TLS on a TCP listener: its key and certificate, whether clients must show one, the TLS versions
 * it speaks and how long a handshake may take. Resolved values; a listener without {@code tls}
 * ({@link ListenerConfig#tls()} null) is plain TCP.
 *
 * <p>The key and certificate come in exactly one of two forms: PEM files ({@code certPath} and
 * {@code keyPath}), or a key store ({@code keyStorePath} and {@code keyStorePassword}). Further
 * pairs for other server names go in {@code certificates} (SNI): the listener then answers each
 * client with the pair whose certificate names the server name the client asked for (a DNS
 * subject alternative name or the common name; {@code *.example.com} matches one label), and
 * with the first pair (the top-level one, else {@code certificates[0]}) when the client names none
 * or an unknown one. {@code certificates} alone, without a top-level pair, is allowed.
 *
 * <pre>
 * "tls": {"certPath": "tls/cert.pem", "keyPath": "tls/key.pem"}
 * "tls": {"keyStorePath": "tls/server.p12", "keyStorePassword": "changeit", "protocols": ["TLSv1.3"]}
 * "tls": {"certPath": "tls/cert.pem", "keyPath": "tls/key.pem",
 *         "clientAuth": "required", "trustPath": "tls/clients-ca.pem", "handshakeTimeout": "5s"}
 * "tls": {"certificates": [{"certPath": "tls/a.pem", "keyPath": "tls/a-key.pem"},
 *                          {"certPath": "tls/b.pem", "keyPath": "tls/b-key.pem"}], "reloadInterval": "10s"}
 * </pre>
 *
 * <p>Rotation: every {@code reloadInterval} the listener reads its files again (on a worker
 * thread, never an event loop) and compares their content with what it serves; when any changed,
 * it loads and checks the new set (each key must match its certificate) and only then hands it to
 * every instance of the listener. New connections get the new certificates; open connections keep
 * theirs. A set that does not load is refused with one warning naming the listener and the file,
 * and the old set stays in use until the files change again.
 *
 * <p>Paths are used as written: a relative path is resolved against the working directory (not
 * the configuration file's directory). Validation checks that each file exists, so {@code check}
 * reports a missing file without opening a socket; the files' content is read when the listener
 * starts, and a bad certificate, key or password fails that start with one line naming the
 * listener.
 *
 * <p>{@link #toString()} hides the key store password.
 *
 * @param certPath PEM certificate chain (the server's certificate first); with {@code keyPath}, or
 *     null when a key store is used
 * @param keyPath PEM private key, PKCS#8 ({@code BEGIN PRIVATE KEY}; PKCS#1 {@code BEGIN RSA PRIVATE
 *     KEY} and {@code BEGIN EC PRIVATE KEY} are read too); with {@code certPath}, or null
 * @param keyStorePath key store holding the key and its certificate chain, or null when PEM files
 *     are used
 * @param keyStorePassword the key store's password (also the key's); with {@code keyStorePath}, else
 *     null
 * @param keyStoreType {@code PKCS12} or {@code JKS}; default {@link #DEFAULT_KEY_STORE_TYPE}; null
 *     when PEM files are used
 * @param clientAuth whether clients must present a certificate; default {@link #DEFAULT_CLIENT_AUTH}
 * @param trustPath PEM bundle of the CAs that client certificates must chain to; required for
 *     clientAuth {@code required}, optional for {@code request} (null: the JDK's default CAs), not
 *     allowed for {@code none}
 * @param protocols enabled TLS versions, a non-empty subset of {@link #SUPPORTED_PROTOCOLS}; default
 *     {@link #DEFAULT_PROTOCOLS}
 * @param handshakeTimeout a connection whose handshake has not finished this long after it was
 *     accepted is closed, 1ms..{@link #MAX_HANDSHAKE_TIMEOUT}; default
 *     {@link #DEFAULT_HANDSHAKE_TIMEOUT}
 * @param certificates further PEM pairs chosen by server name (SNI), in order; empty for none
 * @param reloadInterval how often the files are checked for changes, {@link #MIN_RELOAD_INTERVAL}..
 *     {@link #MAX_RELOAD_INTERVAL}, or zero for never; default {@link #DEFAULT_RELOAD_INTERVAL}
 */
public record TlsConfig(
    String certPath,
    String keyPath,
    String keyStorePath,
    String keyStorePassword,
    String keyStoreType,
    TlsClientAuth clientAuth,
    String trustPath,
    List<String> protocols,
    Duration handshakeTimeout,
    List<CertificatePair> certificates,
    Duration reloadInterval) {

  /** Default {@code keyStoreType}. */
  public static final String DEFAULT_KEY_STORE_TYPE = "PKCS12";
  /** The key store types {@code keyStoreType} may name. */
  public static final List<String> KEY_STORE_TYPES = List.of("PKCS12", "JKS");
  /** Default {@code clientAuth}: no client certificate. */
  public static final TlsClientAuth DEFAULT_CLIENT_AUTH = TlsClientAuth.NONE;
  /** The TLS versions {@code protocols} may list. */
  public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
  /** Default {@code protocols}: TLS 1.2 and 1.3. */
  public static final List<String> DEFAULT_PROTOCOLS = SUPPORTED_PROTOCOLS;
  /** Default {@code handshakeTimeout}: 10 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Upper bound for {@code handshakeTimeout}: 5 minutes. */
  public static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofMinutes(5);
  /** Default {@code reloadInterval}: 5 seconds. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
  /** Lower bound for a non-zero {@code reloadInterval}: 100 milliseconds. */
  public static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);
  /** Upper bound for {@code reloadInterval}: 1 hour. */
  public static final Duration MAX_RELOAD_INTERVAL = Duration.ofHours(1);

  /** One PEM certificate chain and its key, an entry of {@code certificates}. */
  public record CertificatePair(String certPath, String keyPath) {
    public CertificatePair {
      Objects.requireNonNull(certPath, "certPath");
      Objects.requireNonNull(keyPath, "keyPath");
    }
  }

  public TlsConfig {
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    if (certPath != null && keyStorePath != null
        || certPath == null && keyStorePath == null && certificates.isEmpty()) {
      throw new IllegalArgumentException("give either certPath and keyPath, or keyStorePath, or certificates");
    }
    if (certPath != null) {
      Objects.requireNonNull(keyPath, "keyPath");
    } else if (keyStorePath != null) {
      Objects.requireNonNull(keyStorePassword, "keyStorePassword");
      Objects.requireNonNull(keyStoreType, "keyStoreType");
    }
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    protocols = List.copyOf(protocols);
  }

  /** Without SNI pairs, checking the files every {@link #DEFAULT_RELOAD_INTERVAL}. */
  public TlsConfig(String certPath, String keyPath, String keyStorePath, String keyStorePassword,
      String keyStoreType, TlsClientAuth clientAuth, String trustPath, List<String> protocols,
      Duration handshakeTimeout) {
    this(certPath, keyPath, keyStorePath, keyStorePassword, keyStoreType, clientAuth, trustPath, protocols,
        handshakeTimeout, List.of(), DEFAULT_RELOAD_INTERVAL);
  }

  /** Every PEM pair in order of preference: the top-level one (if PEM), then {@code certificates}. */
  public List<CertificatePair> pemPairs() {
    if (certPath == null) {
      return certificates;
    }
    List<CertificatePair> all = new ArrayList<>(certificates.size() + 1);
    all.add(new CertificatePair(certPath, keyPath));
    all.addAll(certificates);
    return List.copyOf(all);
  }

  /** How many certificate sources the listener chooses from (more than one: SNI). */
  public int sources() {
    return (certPath != null || keyStorePath != null ? 1 : 0) + certificates.size();
  }

  /** PEM certificate chain and key, every other value at its default (for code and tests). */
  public static TlsConfig pem(String certPath, String keyPath) {
    return new TlsConfig(certPath, keyPath, null, null, null, DEFAULT_CLIENT_AUTH, null,
        DEFAULT_PROTOCOLS, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** A key store of type {@code keyStoreType}, every other value at its default (for code and tests). */
  public static TlsConfig keyStore(String keyStorePath, String keyStorePassword, String keyStoreType) {
    return new TlsConfig(null, null, keyStorePath, keyStorePassword, keyStoreType, DEFAULT_CLIENT_AUTH,
        null, DEFAULT_PROTOCOLS, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Whether the key and certificate come from a key store (else from PEM files). */
  public boolean usesKeyStore() {
    return keyStorePath != null;
  }

  /** As the record's, with the key store password shown as {@code ***}. */
  @Override
  public String toString() {
    return "TlsConfig[certPath=" + certPath + ", keyPath=" + keyPath + ", keyStorePath=" + keyStorePath
        + ", keyStorePassword=" + (keyStorePassword == null ? "null" : "***")
        + ", keyStoreType=" + keyStoreType + ", clientAuth=" + clientAuth + ", trustPath=" + trustPath
        + ", protocols=" + protocols + ", handshakeTimeout=" + handshakeTimeout
        + ", certificates=" + certificates + ", reloadInterval=" + reloadInterval + "]";
  }
}
