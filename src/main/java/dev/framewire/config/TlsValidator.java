package dev.framewire.config;

import static dev.framewire.config.ConfigValues.quote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@code tls} section, of a TCP listener or of the bridge: key material, client auth, protocols. */
final class TlsValidator extends SectionValidator {
  TlsValidator(ConfigValues values) {
    super(values);
  }

  /** A listener's section: SNI pairs and rotation allowed. */
  TlsConfig tls(ConfigSpec.Tls t, String p) {
    return tls(t, p, true);
  }

  /**
   * @param listener whether {@code certificates} and {@code reloadInterval} are allowed (a TCP
   *     listener's section; not the bridge's)
   * @return the resolved section, or null if anything at or under {@code p} failed
   */
  TlsConfig tls(ConfigSpec.Tls t, String p, boolean listener) {
    boolean pem = t.certPath() != null || t.keyPath() != null;
    boolean keyStore = t.keyStorePath() != null;
    boolean pairs = t.certificates() != null;
    if (!listener) {
      values.onlyWithout(t.certificates(), p + ".certificates", "only for TCP listeners");
      values.onlyWithout(t.reloadInterval(), p + ".reloadInterval", "only for TCP listeners");
      pairs = false;
    }
    if (pem && keyStore) {
      errors.add(p, "give either certPath and keyPath, or keyStorePath");
    } else if (!pem && !keyStore && !pairs) {
      errors.add(p, listener ? "give certPath and keyPath, keyStorePath, or certificates"
          : "give either certPath and keyPath, or keyStorePath");
    } else if (pem) {
      if (t.certPath() == null) {
        errors.add(p + ".certPath", "required with keyPath");
      }
      if (t.keyPath() == null) {
        errors.add(p + ".keyPath", "required with certPath");
      }
    } else if (keyStore && t.keyStorePassword() == null) {
      errors.add(p + ".keyStorePassword", "required with keyStorePath");
    }
    if (!keyStore) {
      values.onlyWith(t.keyStorePassword(), p + ".keyStorePassword", "keyStorePath");
      values.onlyWith(t.keyStoreType(), p + ".keyStoreType", "keyStorePath");
    }
    String certPath = values.existingFile(t.certPath(), p + ".certPath");
    String keyPath = values.existingFile(t.keyPath(), p + ".keyPath");
    String keyStorePath = values.existingFile(t.keyStorePath(), p + ".keyStorePath");
    String keyStoreType = null;
    if (keyStore) {
      keyStoreType = TlsConfig.DEFAULT_KEY_STORE_TYPE;
      if (t.keyStoreType() != null) {
        keyStoreType = t.keyStoreType().toUpperCase(Locale.ROOT);
        if (!TlsConfig.KEY_STORE_TYPES.contains(keyStoreType)) {
          errors.add(p + ".keyStoreType", "must be one of " + String.join(", ", TlsConfig.KEY_STORE_TYPES)
              + " (was " + quote(t.keyStoreType()) + ")");
        }
      }
    }

    TlsClientAuth clientAuth = t.clientAuth() == null
        ? TlsConfig.DEFAULT_CLIENT_AUTH
        : values.choice(t.clientAuth(), p + ".clientAuth", TlsClientAuth.values(), TlsClientAuth::json);
    if (clientAuth == TlsClientAuth.REQUIRED && t.trustPath() == null) {
      errors.add(p + ".trustPath", "required for clientAuth required");
    } else if (clientAuth == TlsClientAuth.NONE && t.trustPath() != null) {
      errors.add(p + ".trustPath", "only for clientAuth request or required");
    }
    String trustPath = values.existingFile(t.trustPath(), p + ".trustPath");

    List<String> protocols = TlsConfig.DEFAULT_PROTOCOLS;
    if (t.protocols() != null) {
      protocols = t.protocols();
      if (protocols.isEmpty()) {
        errors.add(p + ".protocols", "must not be empty");
      }
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < protocols.size(); i++) {
        String protocol = protocols.get(i);
        String path = p + ".protocols[" + i + "]";
        if (protocol == null || !TlsConfig.SUPPORTED_PROTOCOLS.contains(protocol)) {
          errors.add(path, "must be one of " + String.join(", ", TlsConfig.SUPPORTED_PROTOCOLS)
              + " (was " + (protocol == null ? "null" : quote(protocol)) + ")");
        } else {
          String first = seen.putIfAbsent(protocol, path);
          if (first != null) {
            errors.add(path, "duplicate of " + first);
          }
        }
      }
    }
    Duration handshakeTimeout = values.duration(t.handshakeTimeout(), p + ".handshakeTimeout",
        Duration.ofMillis(1), TlsConfig.MAX_HANDSHAKE_TIMEOUT, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    List<TlsConfig.CertificatePair> certificates = pairs ? certificates(t.certificates(), p + ".certificates")
        : List.of();
    Duration reloadInterval = TlsConfig.DEFAULT_RELOAD_INTERVAL;
    if (listener) {
      reloadInterval = values.duration(t.reloadInterval(), p + ".reloadInterval", Duration.ZERO,
          TlsConfig.MAX_RELOAD_INTERVAL, TlsConfig.DEFAULT_RELOAD_INTERVAL);
      if (reloadInterval != null && !reloadInterval.isZero()
          && reloadInterval.compareTo(TlsConfig.MIN_RELOAD_INTERVAL) < 0) {
        errors.add(p + ".reloadInterval", "must be 0 (never) or between "
            + Durations.format(TlsConfig.MIN_RELOAD_INTERVAL) + " and " + Durations.format(TlsConfig.MAX_RELOAD_INTERVAL)
            + " (was " + ConfigBinder.show(t.reloadInterval()) + ")");
      }
    }

    if (errors.hasUnder(p)) {
      return null;
    }
    return new TlsConfig(certPath, keyPath, keyStorePath, keyStore ? t.keyStorePassword() : null,
        keyStoreType, clientAuth, trustPath, protocols, handshakeTimeout, certificates, reloadInterval);
  }

  /** {@code certificates}: a non-empty list of PEM pairs, each with both files. */
  private List<TlsConfig.CertificatePair> certificates(List<ConfigSpec.TlsPair> list, String p) {
    if (list.isEmpty()) {
      errors.add(p, "must not be empty (leave it out for one certificate)");
      return List.of();
    }
    List<TlsConfig.CertificatePair> pairs = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String at = p + "[" + i + "]";
      ConfigSpec.TlsPair pair = list.get(i);
      if (pair == null) {
        errors.add(at, "must be an object with certPath and keyPath");
        continue;
      }
      String cert = pair.certPath() == null ? values.missing(at + ".certPath")
          : values.existingFile(pair.certPath(), at + ".certPath");
      String key = pair.keyPath() == null ? values.missing(at + ".keyPath")
          : values.existingFile(pair.keyPath(), at + ".keyPath");
      if (cert != null && key != null) {
        pairs.add(new TlsConfig.CertificatePair(cert, key));
      }
    }
    return pairs;
  }
}
