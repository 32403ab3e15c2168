package dev.framewire.testutil;

import dev.framewire.config.ClusterTlsConfig;
import java.nio.file.Path;

/**
 * A cluster CA made with the {@code openssl} command (3.0 or later, for {@code req -CA}), as
 * docs/security.md tells operators to make one: an EC P-256 CA certificate and key, and node
 * certificates it signs for both TLS client and server use, each valid for a day. Callers check
 * {@link #opensslAvailable()} first and skip without it.
 */
public final class ClusterCa {
  private static final int OPENSSL_SECONDS = 10;

  private final Path dir;
  private final String name;

  private ClusterCa(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  public static boolean opensslAvailable() {
    return Commands.available("openssl", "version");
  }

  /** A new CA whose files are {@code dir/name-ca.pem} and {@code dir/name-ca-key.pem}. */
  public static ClusterCa create(Path dir, String name) {
    Commands.run(dir, OPENSSL_SECONDS, "openssl", "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-keyout", name + "-ca-key.pem", "-out", name + "-ca.pem", "-subj", "/CN=" + name + " cluster CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
    return new ClusterCa(dir, name);
  }

  /** The CA's certificate: what a node's {@code caPath} names. */
  public Path certificate() {
    return dir.resolve(name + "-ca.pem");
  }

  /**
   * A node certificate and key signed by this CA ({@code dir/<name>-<node>.pem} and its
   * {@code -key.pem}), and this CA as the one to trust.
   */
  public ClusterTlsConfig node(String node) {
    return node(node, certificate());
  }

  /** As {@link #node(String)}, but trusting the CA certificate {@code caPath} instead. */
  public ClusterTlsConfig node(String node, Path caPath) {
    String base = name + "-" + node;
    Commands.run(dir, OPENSSL_SECONDS, "openssl", "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-keyout", base + "-key.pem", "-out", base + ".pem", "-subj", "/CN=" + node,
        "-CA", name + "-ca.pem", "-CAkey", name + "-ca-key.pem",
        "-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=serverAuth,clientAuth");
    return new ClusterTlsConfig(dir.resolve(base + ".pem").toString(), dir.resolve(base + "-key.pem").toString(),
        caPath.toString());
  }
}
