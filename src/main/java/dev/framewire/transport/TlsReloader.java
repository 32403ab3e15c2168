package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;
import dev.framewire.config.TlsConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate rotation for one TLS listener: its key material, read and checked once before any of
 * its instances starts ({@link #load}), the same for all of them, and then every
 * {@code tls.reloadInterval} read again and compared, by content, with what is in use. A changed
 * set that loads and checks ({@link TlsKeys}) is handed to the listener's server with
 * {@link NetServer#updateSSLOptions}: the instances share one port, and Vert.x keeps one SSL context
 * for every server sharing it (each instance's server forwards the update to the server that bound
 * the port, and every instance takes that context for each connection it accepts), so all instances
 * serve it to their next handshake, while connections already open keep the session they have. A
 * set that does not load is refused with one warning naming the listener and the file, and is not
 * retried until the files change again; the previous set stays in use. Either way it is counted
 * once, for the listener.
 *
 * <p>Comparing content (a SHA-256 over every file, read through symbolic links) rather than
 * modification times sees every way files are replaced: written in place, renamed over, or a
 * symbolic link swapped to a new directory as cert-manager and certbot do. Reading happens on a
 * worker thread; the timer and the bookkeeping run on an event-loop context of the reloader's own,
 * tied to no instance: the timer runs from the moment the first instance listens
 * ({@link #watch}) until the last one stops ({@link #unwatch}). A pair written in two steps
 * (certificate, then key) may be caught in between and refused, and is then taken at the next check
 * after the second write: write both and rename, or swap a link.
 */
public final class TlsReloader {
  private static final Logger log = LoggerFactory.getLogger(TlsReloader.class);

  private final Vertx vertx;
  private final Context context;
  private final ListenerConfig config;
  private final TlsConfig tls;
  private final ListenerStats stats;
  private final TlsKeys keys;
  // everything below is confined to the reloader's context
  /** Digest of the files in use. */
  private String inUse;
  /** Digest (or failure) of the last set refused, not tried again until the files change. */
  private String refused;
  private boolean checking;
  private long timer = -1;
  /** The servers of the instances listening, each until it stops; one update reaches them all. */
  private final List<NetServer> servers = new ArrayList<>();

  private TlsReloader(Vertx vertx, ListenerConfig config, ListenerStats stats, TlsKeys keys, String digest) {
    this.vertx = vertx;
    this.context = VertxInternals.ownContext(vertx);
    this.config = config;
    this.tls = config.tls();
    this.stats = stats;
    this.keys = keys;
    this.inUse = digest;
  }

  /**
   * Reads and checks the key material of TCP listener {@code config} on a worker thread, once for
   * all its instances; fails with the file at fault when it cannot be used.
   *
   * @param stats where reloads and refusals are counted
   */
  public static Future<TlsReloader> load(Vertx vertx, ListenerConfig config, ListenerStats stats) {
    Objects.requireNonNull(config.tls(), "config.tls");
    return vertx.executeBlocking(() -> {
      TlsKeys.Snapshot files = TlsKeys.read(config.tls());
      return new TlsReloader(vertx, config, stats, TlsKeys.load(vertx, config.tls(), files), files.digest());
    }, false);
  }

  /** The key material read by {@link #load}, for the servers' options. */
  TlsKeys keys() {
    return keys;
  }

  /**
   * An instance's {@code server} listens: a changed set updates it from now on, and the timer
   * checks the files every {@code reloadInterval} (never when it is zero) from the first such
   * server on. Call from any thread.
   */
  void watch(NetServer server) {
    context.runOnContext(v -> {
      servers.add(server);
      if (timer < 0 && !tls.reloadInterval().isZero()) {
        timer = vertx.setPeriodic(tls.reloadInterval().toMillis(), id -> check());
      }
    });
  }

  /**
   * An instance stops: its {@code server} takes no update from now on; the timer stops with the
   * last server. Call from any thread; completes once done.
   */
  Future<Void> unwatch(NetServer server) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      servers.remove(server);
      if (servers.isEmpty() && timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      done.complete();
    });
    return done.future();
  }

  /** Whether the timer runs (some instance listens and {@code reloadInterval} is not zero). */
  Future<Boolean> watching() {
    Promise<Boolean> answer = Promise.promise();
    context.runOnContext(v -> answer.complete(timer >= 0));
    return answer.future();
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
    if (servers.isEmpty()) {
      return Future.succeededFuture();  // the listener has stopped: no server takes anything new
    }
    if (outcome.error() != null) {
      refuse(outcome.digest(), outcome.error());
      return Future.succeededFuture();
    }
    return servers.get(0).updateSSLOptions(OptionsMapper.serverSslOptions(config, outcome.keys()), true)
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
