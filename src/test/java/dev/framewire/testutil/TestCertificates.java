package dev.framewire.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1} and its PKCS#8 key,
 * made with the {@code openssl} command (tests that need one are skipped where there is none).
 */
public record TestCertificates(Path cert, Path key) {
  private static final int PROCESS_TIMEOUT_SECONDS = 10;

  public static boolean available() {
    return Commands.available("openssl", "version");
  }

  /** Makes {@code cert.pem} and {@code key.pem} in {@code dir}. */
  public static TestCertificates create(Path dir) {
    Commands.run(dir, PROCESS_TIMEOUT_SECONDS, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", "server-key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    Commands.run(dir, PROCESS_TIMEOUT_SECONDS, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "server-key.pem",
        "-out", "key.pem");
    return new TestCertificates(dir.resolve("cert.pem"), dir.resolve("key.pem"));
  }

  /** A client context that trusts this certificate only. */
  public SSLContext trusting() {
    try (InputStream in = Files.newInputStream(cert)) {
      Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", certificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
