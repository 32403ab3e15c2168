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
 * A certificate authority made with the {@code openssl} command in a directory, at test time, and
 * the certificates it signs: servers and clients, valid now, expired or not yet valid, each a PEM
 * chain and a PKCS#8 key ({@code NAME.pem}, {@code NAME-key.pem}). Also the JDK TLS clients that
 * trust it. Every certificate gets a new serial number, so tests tell them apart by serial.
 *
 * <pre>
 * TestPki ca = TestPki.create(dir, "Test CA");
 * ca.issue("server", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
 * SSLSocket s = ca.connect(port, null, null);   // trusting the CA, no client certificate, no SNI
 * </pre>
 */
public final class TestPki {
  private static final int SECONDS = 20;
  private final Path dir;
  private final String name;

  private TestPki(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  public static boolean available() {
    return Commands.available("openssl", "version");
  }

  /** A new CA named {@code prefix} ({@code prefix.pem}, {@code prefix-key.pem}) in {@code dir}. */
  public static TestPki create(Path dir, String prefix, String commonName) {
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
    TestPki ca = new TestPki(dir, prefix);
    ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", prefix + "-key.pem", "-out", prefix + ".pem",
        "-days", "2", "-subj", "/CN=" + commonName);
    return ca;
  }

  /** The CA's certificate. */
  public Path certificate() {
    return dir.resolve(name + ".pem");
  }

  /** Issues {@code NAME.pem} / {@code NAME-key.pem}, valid from an hour ago for a day; {@code san} as openssl writes it, or null. */
  public Path issue(String file, String subject, String san) {
    return issue(file, subject, san, null, null);
  }

  /**
   * Issues a certificate valid from {@code start} to {@code end} ({@code YYYYMMDDHHMMSSZ}; null: from
   * now for a day).
   */
  public Path issue(String file, String subject, String san, String start, String end) {
    List<String> request = new ArrayList<>(List.of("req", "-new", "-newkey", "rsa:2048", "-nodes",
        "-keyout", file + "-key.pem", "-out", file + ".csr", "-subj", subject));
    if (san != null) {
      request.addAll(List.of("-addext", "subjectAltName=" + san));
    }
    openssl(request.toArray(new String[0]));
    List<String> sign = new ArrayList<>(List.of("ca", "-batch", "-notext", "-config", name + ".cnf",
        "-cert", name + ".pem", "-keyfile", name + "-key.pem", "-in", file + ".csr", "-out", file + ".pem"));
    if (start != null) {
      sign.addAll(List.of("-startdate", start, "-enddate", end));
    } else {
      sign.addAll(List.of("-days", "1"));
    }
    openssl(sign.toArray(new String[0]));
    return dir.resolve(file + ".pem");
  }

  public Path key(String file) {
    return dir.resolve(file + "-key.pem");
  }

  public Path cert(String file) {
    return dir.resolve(file + ".pem");
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
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

  private SSLContext context(TestPki serverCa, String client) {
    try {
      char[] password = "secret".toCharArray();
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", read(serverCa.certificate()));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      KeyManagerFactory keys = null;
      if (client != null) {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("client", privateKey(key(client)), password, new Certificate[] {read(cert(client))});
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

  private static PrivateKey privateKey(Path pkcs8Pem) throws IOException, GeneralSecurityException {
    String base64 = Files.readString(pkcs8Pem)
        .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }
}
