package dev.framewire.cli;

import dev.framewire.transport.KeyPairs;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of {@code client tls://...}: which CAs to trust
 * ({@code --ca}, else the JDK's), the client's own certificate ({@code --cert}/{@code --key}, for
 * listeners with {@code clientAuth}), the server name to send and check ({@code --servername}, else
 * the URL's host when it is a name), or no check at all ({@code --insecure}). The PEM files are
 * read as a listener reads its {@code tls} section ({@code --key}: PKCS#8, PKCS#1 RSA or SEC1 EC).
 *
 * @param ca PEM bundle of the CAs to trust, or null for the JDK's
 * @param cert the client's PEM certificate chain, or null
 * @param key its PEM key, with {@code cert}
 * @param serverName the name sent (SNI) and checked against the certificate, or null
 * @param insecure whether to accept any server certificate
 */
record ClientTls(Path ca, Path cert, Path key, String serverName, boolean insecure) {
  /** What {@code --insecure} prints on standard error before connecting. */
  static final String INSECURE_WARNING = "WARNING: --insecure: the server's certificate is NOT checked; "
      + "anyone between here and the server can read and change this connection";

  /** @throws IllegalArgumentException naming the option at fault */
  ClientTls {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(cert == null ? "--key needs --cert" : "--cert needs --key");
    }
    if (insecure && ca != null) {
      throw new IllegalArgumentException("--insecure and --ca exclude each other");
    }
    if (serverName != null) {
      try {
        new SNIHostName(serverName);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--servername: not a host name (was \"" + serverName + "\")");
      }
    }
  }

  /**
   * The JDK context: Netty's, with the key and trust managers made from the PEM files the way a
   * listener makes them from its {@code tls} section (Vert.x's {@link PemKeyCertOptions} and
   * {@link PemTrustOptions}), so {@code --key} reads every key a listener's {@code keyPath} reads.
   *
   * @throws IllegalArgumentException naming the option and the file that could not be used
   */
  SSLContext context() {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    if (insecure) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
    }
    if (ca != null || cert != null) {
      // Vert.x's PEM reading takes an instance; given the files' bytes, it runs nothing on it
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
      try {
        if (ca != null) {
          builder.trustManager(trustManagers(vertx));
        }
        if (cert != null) {
          builder.keyManager(keyManagers(vertx));
        }
      } finally {
        vertx.close().await();
      }
    }
    try {
      return ((JdkSslContext) builder.build()).context();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--ca/--cert/--key: " + reason(e));
    }
  }

  /** The CAs of {@code --ca}, read as a listener reads {@code tls.trustPath}. */
  private TrustManagerFactory trustManagers(Vertx vertx) {
    byte[] pem = read("--ca", ca);
    try {
      return KeyPairs.caBundle(vertx, pem).getTrustManagerFactory(vertx);
    } catch (Exception e) {  // KeyPairs.BadPem: what caBundle took, Vert.x takes again
      throw new IllegalArgumentException("--ca " + ca + ": " + reason(e));
    }
  }

  /** The certificate of {@code --cert} and the key of {@code --key}, read as a listener reads its own. */
  private KeyManagerFactory keyManagers(Vertx vertx) {
    byte[] chain = read("--cert", cert);
    byte[] pem = read("--key", key);
    try {
      return KeyPairs.pem(vertx, chain, pem).factory();
    } catch (KeyPairs.BadPem e) {
      throw new IllegalArgumentException(switch (e.part()) {
        case CHAIN -> "--cert " + cert + ": " + e.getMessage();
        case MISMATCH -> "--key " + key + ": does not match the certificate of --cert " + cert;
        default -> "--key " + key + ": " + e.getMessage();
      });
    }
  }

  private static byte[] read(String option, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot be read: " + reason(e));
    }
  }

  private static String reason(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Starts TLS on a connected socket and completes the handshake within {@code timeoutMillis}:
   * the server's certificate is checked against {@code host} (or {@code --servername}), unless
   * {@code --insecure}.
   */
  static SSLSocket handshake(SSLContext context, ClientTls tls, Socket socket, String host, int port,
      int timeoutMillis) throws IOException {
    // the name checked is --servername when given, not the host connected to (which may be an address)
    String checked = tls.serverName() != null ? tls.serverName() : host;
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, checked, port, true);
    SSLParameters parameters = ssl.getSSLParameters();
    if (!tls.insecure()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    String name = tls.serverName() != null ? tls.serverName() : isLiteral(host) ? null : host;
    if (name != null) {
      parameters.setServerNames(List.of(new SNIHostName(name)));
    }
    ssl.setSSLParameters(parameters);
    int before = ssl.getSoTimeout();
    ssl.setSoTimeout(timeoutMillis);
    ssl.startHandshake();
    ssl.setSoTimeout(before);
    return ssl;
  }

  /** An IP literal gets no server name (SNI names hosts); never looked up. */
  private static boolean isLiteral(String host) {
    return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
  }
}
