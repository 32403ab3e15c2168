package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;
import dev.framewire.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.security.cert.X509Certificate;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate rotation for one TLS listener: its key material, read and checked at start
 * ({@link #load}), and then every {@code tls.reloadInterval} read again and compared, by content,
 * with what is in use ({@link #watch}). A changed set that loads and checks ({@link TlsKeys}) is
 * handed to the listener's server with {@link NetServer#updateSSLOptions}: Vert.x keeps one SSL
 * context for every server sharing the port, so all instances of the listener serve it to their next
 * handshake, while connections already open keep the session they have. A set that does not load is
 * refused with one warning naming the listener and the file, and is not retried until the files
 * change again; the previous set stays in use.
 *
 * <p>Comparing content (a SHA-256 over every file, read through symbolic links) rather than
 * modification times sees every way files are replaced: written in place, renamed over, or a
 * symbolic link swapped to a new directory as cert-manager and certbot do. Reading happens on a
 * worker thread; the timer and the bookkeeping run on the event loop of the instance that watches.
 * A pair written in two steps (certificate, then key) may be caught in between and refused, and is
 * then taken at the next check after the second write: write both and rename, or swap a link.
 */
final class TlsReloader {
  private static final Logger log = LoggerFactory.getLogger(TlsReloader.class);

  private final Vertx vertx;
  private final ListenerConfig config;
  private final TlsConfig tls;
  private final ListenerStats stats;
  private final TlsKeys keys;
  /** Digest of the files in use; confined to the watching instance's event loop after start. */
  private String inUse;
  /** Digest (or failure) of the last set refused, not tried again until the files change. */
  private String refused;
  private boolean checking;
  private boolean stopped;
  private long timer = -1;
  private NetServer server;

  private TlsReloader(Vertx vertx, ListenerConfig config, ListenerStats stats, TlsKeys keys, String digest) {
    this.vertx = vertx;
    this.config = config;
    this.tls = config.tls();
    this.stats = stats;
    this.keys = keys;
    this.inUse = digest;
  }

  /**
   * Reads and checks the listener's key material on a worker thread; fails with the file at fault
   * when it cannot be used.
   */
  static Future<TlsReloader> load(Vertx vertx, ListenerConfig config, ListenerStats stats) {
    return vertx.executeBlocking(() -> {
      TlsKeys.Snapshot files = TlsKeys.read(config.tls());
      return new TlsReloader(vertx, config, stats, TlsKeys.load(vertx, config.tls(), files), files.digest());
    }, false);
  }

  /** The key material read at start, for the server's options. */
  TlsKeys keys() {
    return keys;
  }

  /**
   * Checks the files every {@code reloadInterval} (never when it is zero) and updates
   * {@code server}, and with it every server sharing its port. Call on the listener's event loop.
   */
  void watch(NetServer server) {
    this.server = server;
    if (!tls.reloadInterval().isZero()) {
      timer = vertx.setPeriodic(tls.reloadInterval().toMillis(), id -> check());
    }
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** What a check found: nothing new, a set to use, or a set refused. */
  private record Outcome(String digest, TlsKeys keys, String error) {
  }

  private void check() {
    if (checking) {
      return;  // the previous check is still reading or updating: a slow disk, a long interval ahead
    }
    checking = true;
    String current = inUse;
    String skipped = refused;
    vertx.executeBlocking(() -> read(current, skipped), false)
        .compose(outcome -> outcome == null ? Future.succeededFuture() : apply(outcome))
        .onComplete(ar -> checking = false);
  }

  /** On a worker: the files now, or null when they are what is in use or what was refused. */
  private Outcome read(String current, String skipped) {
    TlsKeys.Snapshot files;
    try {
      files = TlsKeys.read(tls);
    } catch (TlsKeys.BadKeysException e) {
      String digest = "unreadable " + e.getMessage();
      return digest.equals(skipped) ? null : new Outcome(digest, null, e.getMessage());
    }
    if (files.digest().equals(current) || files.digest().equals(skipped)) {
      return null;
    }
    try {
      return new Outcome(files.digest(), TlsKeys.load(vertx, tls, files), null);
    } catch (TlsKeys.BadKeysException e) {
      return new Outcome(files.digest(), null, e.getMessage());
    }
  }

  private Future<Void> apply(Outcome outcome) {
    if (stopped) {
      return Future.succeededFuture();  // the listener is stopping: its server takes nothing new
    }
    if (outcome.error() != null) {
      refuse(outcome.digest(), outcome.error());
      return Future.succeededFuture();
    }
    return server.updateSSLOptions(OptionsMapper.serverSslOptions(config, outcome.keys()), true)
        .<Void>map(updated -> {
          inUse = outcome.digest();
          refused = null;
          stats.tlsReloads.increment();
          log.info("listener {}: TLS certificates reloaded, new connections get {}", config.name(),
              describe(outcome.keys()));
          return null;
        })
        .recover(e -> {
          refuse(outcome.digest(), e.toString());
          return Future.succeededFuture();
        });
  }

  private void refuse(String digest, String why) {
    refused = digest;
    stats.tlsReloadFailures.increment();
    log.warn("listener {}: changed TLS files refused, the previous certificates stay in use: {}",
        config.name(), why);
  }

  /** Each certificate now served: its subject, serial and end of validity. */
  private static String describe(TlsKeys keys) {
    StringJoiner all = new StringJoiner("; ");
    for (X509Certificate leaf : keys.leaves()) {
      all.add(leaf.getSubjectX500Principal().getName() + " (serial " + leaf.getSerialNumber().toString(16)
          + ", valid until " + leaf.getNotAfter().toInstant() + ")");
    }
    return all.toString();
  }
}
