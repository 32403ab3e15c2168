package dev.framewire.config;

import static dev.framewire.config.ConfigValues.quote;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@code tls} section, of a TCP listener or of the bridge: key material, client auth, protocols. */
final class TlsValidator extends SectionValidator {
  TlsValidator(ConfigValues values) {
    super(values);
  }

  /** @return the resolved section, or null if anything at or under {@code p} failed */
  TlsConfig tls(ConfigSpec.Tls t, String p) {
    boolean pem = t.certPath() != null || t.keyPath() != null;
    boolean keyStore = t.keyStorePath() != null;
    if (pem == keyStore) {
      errors.add(p, "give either certPath and keyPath, or keyStorePath");
    } else if (pem) {
      if (t.certPath() == null) {
        errors.add(p + ".certPath", "required with keyPath");
      }
      if (t.keyPath() == null) {
        errors.add(p + ".keyPath", "required with certPath");
      }
    } else if (t.keyStorePassword() == null) {
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

    if (errors.hasUnder(p)) {
      return null;
    }
    return new TlsConfig(certPath, keyPath, keyStorePath, keyStore ? t.keyStorePassword() : null,
        keyStoreType, clientAuth, trustPath, protocols, handshakeTimeout);
  }
}
