package dev.framewire.cli;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The TLS side of {@code client tls://...} and {@code bench tls://...}: which CAs to trust
 * ({@code --ca}, else the JDK's), the client's own certificate ({@code --cert}/{@code --key}, for
 * listeners with {@code clientAuth}), the server name to send and check ({@code --servername}, else
 * the URL's host when it is a name), or no check at all ({@code --insecure}). PEM files are read
 * by Netty ({@code --key}: PKCS#8, {@code BEGIN PRIVATE KEY}).
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
    for (Path file : new Path[] {ca, cert, key}) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read " + file);
      }
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
   * The JDK context, from Netty's reading of the PEM files.
   *
   * @throws IllegalArgumentException naming the option whose file could not be used
   */
  SSLContext context() {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    try {
      if (insecure) {
        builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else if (ca != null) {
        builder.trustManager(ca.toFile());
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--ca " + ca + ": " + e.getMessage());
    }
    try {
      if (cert != null) {
        builder.keyManager(cert.toFile(), key.toFile());
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--cert/--key " + cert + ", " + key + ": " + e.getMessage());
    }
    try {
      return ((JdkSslContext) builder.build()).context();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--ca/--cert/--key: " + e.getMessage());
    }
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
