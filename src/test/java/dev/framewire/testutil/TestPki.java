package dev.framewire.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one maker of test certificates: a certificate authority made with the {@code openssl} command
 * in a directory, at test time, and the certificates it signs: servers, clients and cluster nodes,
 * valid now, expired or not yet valid, each a PEM chain and a PKCS#8 key ({@code NAME.pem},
 * {@code NAME-key.pem}). A self-signed certificate is a CA of its own that signs nothing. Also the
 * JDK TLS clients that trust it. Every certificate gets a new serial number, so tests tell them
 * apart by serial. Tests that use it check {@link #available()} first and skip without openssl.
 *
 * <pre>
 * TestPki ca = TestPki.create(dir, "ca", "Test CA");
 * ca.issue("server", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
 * SSLSocket s = ca.connect(port, null, null);   // trusting the CA, no client certificate, no SNI
 *
 * TestPki server = TestPki.selfSigned(dir, "server", "/CN=localhost", "IP:127.0.0.1");
 * server.certificate(); server.key(); server.keyStore("secret"); server.trusting();
 * </pre>
 */
public final class TestPki {
  private static final int SECONDS = 20;
  private static final List<String> RSA = List.of("-newkey", "rsa:2048");
  /** What docs/security.md tells operators to make a cluster CA and its node keys with. */
  private static final List<String> EC_P256 = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");

  private final Path dir;
  private final String name;
  private final List<String> newKey;

  private TestPki(Path dir, String name, List<String> newKey) {
    this.dir = dir;
    this.name = name;
    this.newKey = newKey;
  }

  public static boolean available() {
    return Commands.available("openssl", "version");
  }

  /** A new CA named {@code prefix} ({@code prefix.pem}, {@code prefix-key.pem}) in {@code dir}, with RSA keys. */
  public static TestPki create(Path dir, String prefix, String commonName) {
    return create(dir, prefix, "/CN=" + commonName, null, RSA);
  }

  /** As {@link #create}, with EC P-256 keys for the CA and every certificate it issues. */
  public static TestPki createEc(Path dir, String prefix, String commonName) {
    return create(dir, prefix, "/CN=" + commonName, null, EC_P256);
  }

  /**
   * A self-signed RSA certificate {@code name.pem} and its key {@code name-key.pem} in {@code dir},
   * for {@code subject} and {@code san} (as openssl writes it, or null).
   */
  public static TestPki selfSigned(Path dir, String name, String subject, String san) {
    return create(dir, name, subject, san, RSA);
  }

  private static TestPki create(Path dir, String prefix, String subject, String san, List<String> newKey) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(prefix + ".cnf"), String.join("\n",
          "[ca]", "default_ca = test",
          "[test]", "database = " + prefix + "-index.txt", "new_certs_dir = .", "serial = " + prefix + ".serial",
          "default_md = sha256", "policy = any", "copy_extensions = copy", "unique_subject = no",
          "[any]", "organizationName = optional", "commonName = supplied", ""));
      Files.writeString(dir.resolve(prefix + "-index.txt"), "");
      Files.writeString(dir.resolve(prefix + ".serial"), "1000\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestPki ca = new TestPki(dir, prefix, newKey);
    List<String> request = new ArrayList<>(List.of("req", "-x509"));
    request.addAll(newKey);
    request.addAll(List.of("-nodes", "-keyout", prefix + "-key.pem", "-out", prefix + ".pem", "-days", "2",
        "-subj", subject));
    if (san != null) {
      request.addAll(List.of("-addext", "subjectAltName=" + san));
    }
    ca.openssl(request);
    return ca;
  }

  /** Its own certificate: the CA's, or the self-signed one. */
  public Path certificate() {
    return dir.resolve(name + ".pem");
  }

  /** Its own key: the CA's, or the self-signed certificate's. */
  public Path key() {
    return key(name);
  }

  /** A PKCS#12 key store {@code name.p12} of its own certificate and key, alias {@code name}. */
  public Path keyStore(String password) {
    openssl(List.of("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + "-key.pem", "-name", name,
        "-out", name + ".p12", "-passout", "pass:" + password));
    return dir.resolve(name + ".p12");
  }

  /** Issues {@code NAME.pem} / {@code NAME-key.pem}, valid from now for a day; {@code san} as openssl writes it, or null. */
  public Path issue(String file, String subject, String san) {
    return issue(file, subject, san, null, null);
  }

  /**
   * Issues a certificate valid from {@code start} to {@code end} ({@code YYYYMMDDHHMMSSZ}; null: from
   * now for a day).
   */
  public Path issue(String file, String subject, String san, String start, String end) {
    return sign(file, subject, san == null ? List.of() : List.of("subjectAltName=" + san), start, end);
  }

  /** Issues a cluster node's certificate for {@code /CN=node}, for both TLS client and server use, valid for a day. */
  public Path issueNode(String node) {
    return sign(node, "/CN=" + node,
        List.of("basicConstraints=critical,CA:FALSE", "extendedKeyUsage=serverAuth,clientAuth"), null, null);
  }

  private Path sign(String file, String subject, List<String> extensions, String start, String end) {
    List<String> request = new ArrayList<>(List.of("req", "-new"));
    request.addAll(newKey);
    request.addAll(List.of("-nodes", "-keyout", file + "-key.pem", "-out", file + ".csr", "-subj", subject));
    for (String extension : extensions) {
      request.addAll(List.of("-addext", extension));
    }
    openssl(request);
    List<String> sign = new ArrayList<>(List.of("ca", "-batch", "-notext", "-config", name + ".cnf",
        "-cert", name + ".pem", "-keyfile", name + "-key.pem", "-in", file + ".csr", "-out", file + ".pem"));
    if (start != null) {
      sign.addAll(List.of("-startdate", start, "-enddate", end));
    } else {
      sign.addAll(List.of("-days", "1"));
    }
    openssl(sign);
    return dir.resolve(file + ".pem");
  }

  public Path key(String file) {
    return dir.resolve(file + "-key.pem");
  }

  /**
   * The key of {@code file} in OpenSSL's traditional form, {@code NAME-traditional-key.pem}:
   * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) for RSA, SEC1 ({@code BEGIN EC PRIVATE KEY}) for EC.
   */
  public Path traditionalKey(String file) {
    openssl(List.of("pkey", "-in", file + "-key.pem", "-traditional", "-out", file + "-traditional-key.pem"));
    return dir.resolve(file + "-traditional-key.pem");
  }

  public Path cert(String file) {
    return dir.resolve(file + ".pem");
  }

  private void openssl(List<String> args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(args);
    Commands.run(dir, SECONDS, command.toArray(new String[0]));
  }

  /**
   * A TLS connection to 127.0.0.1:{@code port}, its handshake done: trusting this CA, showing the
   * client certificate {@code client} (a file name given to {@link #issue}; null for none), and
   * naming {@code serverName} (null: no SNI).
   */
  public SSLSocket connect(int port, String client, String serverName) {
    return connect(this, port, client, serverName);
  }

  /** As {@link #connect}, with a client certificate of this CA, trusting the server's {@code serverCa}. */
  public SSLSocket connectTrusting(TestPki serverCa, int port, String client) {
    return connect(serverCa, port, client, null);
  }

  private SSLSocket connect(TestPki serverCa, int port, String client, String serverName) {
    try {
      SSLSocket socket = (SSLSocket) context(serverCa, client).getSocketFactory().createSocket();
      if (serverName != null) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
      }
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.startHandshake();
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The certificate the server showed on {@code socket}. */
  public static X509Certificate served(SSLSocket socket) {
    try {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static X509Certificate read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context that trusts this certificate (this CA) only, and shows no certificate. */
  public SSLContext trusting() {
    return context(certificate(), null, null);
  }

  private SSLContext context(TestPki serverCa, String client) {
    return client == null ? context(serverCa.certificate(), null, null)
        : context(serverCa.certificate(), cert(client), key(client));
  }

  /** A client context trusting {@code trusted} only, showing {@code cert} with {@code key} (both null: none). */
  public static SSLContext context(Path trusted, Path cert, Path key) {
    try {
      char[] password = "secret".toCharArray();
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("ca", read(trusted));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(anchors);
      KeyManagerFactory keys = null;
      if (cert != null) {
        X509Certificate certificate = read(cert);
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("client", privateKey(key, certificate.getPublicKey().getAlgorithm()), password,
            new Certificate[] {certificate});
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey privateKey(Path pkcs8Pem, String algorithm) throws IOException, GeneralSecurityException {
    String base64 = Files.readString(pkcs8Pem)
        .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }
}
