package dev.framewire.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a Framewire configuration: reads it (a file, or the embedded default), applies overrides
 * from the environment and system properties, binds it with Jackson and validates it in one pass.
 * Every problem found is reported at once in a {@link ConfigException}.
 *
 * <p>Sources, lowest precedence first (the vert.x-config stores, declared in this order):
 * <ol>
 *   <li>the JSON file, or the classpath resource {@value #DEFAULT_RESOURCE} packaged in the jar;
 *   <li>environment variables: {@code FRAMEWIRE_HOST} (host of every listener and of the bridge),
 *       {@code FRAMEWIRE_<NAME>_PORT} (port of the listener named name, upper-cased, with every
 *       character other than A-Z and 0-9 turned into {@code _}), {@code FRAMEWIRE_SHUTDOWN_GRACE},
 *       {@code FRAMEWIRE_CLUSTER_ENABLED}, {@code FRAMEWIRE_CLUSTER_HOST},
 *       {@code FRAMEWIRE_CLUSTER_PUBLIC_HOST}, {@code FRAMEWIRE_CLUSTER_PORT},
 *       {@code FRAMEWIRE_CLUSTER_MEMBERS} (comma-separated), {@code FRAMEWIRE_BRIDGE_PORT};
 *   <li>system properties: {@code framewire.host}, {@code framewire.listeners.<name>.port},
 *       {@code framewire.shutdownGrace}, {@code framewire.cluster.enabled},
 *       {@code framewire.cluster.host}, {@code framewire.cluster.publicHost},
 *       {@code framewire.cluster.port}, {@code framewire.cluster.members},
 *       {@code framewire.bridge.port}.
 * </ol>
 * The rules and error messages of each are in {@link Overrides}.
 * Only those variables are read: the rest of the environment never reaches the configuration.
 *
 * <pre>
 * FRAMEWIRE_HOST=0.0.0.0 FRAMEWIRE_TUTORIAL_TCP_PORT=2345 java -jar framewire.jar
 * java -Dframewire.listeners.echo.port=0 -jar framewire.jar --conf conf/config.json
 * </pre>
 *
 * Loading opens no socket.
 */
public final class ConfigLoader {
  /** Classpath location of the embedded default configuration (a copy of {@code conf/config.json}). */
  public static final String DEFAULT_RESOURCE = "conf/config.json";

  private ConfigLoader() {
  }

  /**
   * Loads, overrides, binds and validates.
   *
   * @param path a JSON file on disk, or null for the embedded default (classpath resource
   *     {@value #DEFAULT_RESOURCE}, so it works from any working directory)
   * @return the configuration, or a future failed with a {@link ConfigException} listing every
   *     error (including a missing file or malformed JSON, with line and column)
   */
  public static Future<FramewireConfig> load(Vertx vertx, String path) {
    return load(vertx, path, null);
  }

  /**
   * As {@link #load(Vertx, String)}, with the environment variables given instead of read from the
   * process environment (which tests cannot set).
   *
   * @param env environment variables, or null for the real environment
   */
  static Future<FramewireConfig> load(Vertx vertx, String path, Map<String, String> env) {
    Objects.requireNonNull(vertx, "vertx");
    String source = path == null ? "classpath:" + DEFAULT_RESOURCE : path;
    return baseStore(vertx, path)
        .compose(store -> retrieve(vertx, List.of(store)))
        .compose(json -> retrieve(vertx, overrideStores(json, env))
            .map(overrides -> resolve(json, overrides)))
        .recover(e -> Future.failedFuture(failure(source, e)));
  }

  /**
   * Binds and validates a configuration (no overrides).
   *
   * @throws ConfigException listing every error
   */
  public static FramewireConfig parse(JsonObject json) {
    Objects.requireNonNull(json, "json");
    Errors errors = new Errors();
    FramewireConfig config = parse(json, errors);
    errors.throwIfAny();
    return config;
  }

  private static FramewireConfig parse(JsonObject json, Errors errors) {
    return ConfigValidator.validate(ConfigBinder.bind(json, errors), errors);
  }

  private static FramewireConfig resolve(JsonObject json, JsonObject overrides) {
    Errors errors = new Errors();
    FramewireConfig config = parse(Overrides.apply(json, overrides.getMap(), errors), errors);
    errors.throwIfAny();
    return config;
  }

  /** The file store, or a json store holding the embedded default. */
  private static Future<ConfigStoreOptions> baseStore(Vertx vertx, String path) {
    if (path == null) {
      return vertx.executeBlocking(ConfigLoader::readDefault)
          .map(json -> new ConfigStoreOptions().setType("json").setConfig(json));
    }
    return vertx.executeBlocking(() -> {
      Path file;
      try {
        // Absolute, so that Vert.x reads the disk and never falls back to a classpath resource.
        file = Path.of(path).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new ConfigException(path + ": not a valid file path: " + e.getReason(), e);
      }
      String where = file.toString().equals(path) ? "" : " (" + file + ")";
      if (!Files.exists(file)) {
        throw new ConfigException(path + ": config file not found" + where, null);
      }
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(path + ": not a regular file" + where, null);
      }
      return new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", file.toString()));
    });
  }

  private static JsonObject readDefault() throws IOException {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("classpath:" + DEFAULT_RESOURCE
            + ": not found (the default configuration is packaged in the jar)", null);
      }
      return Buffer.buffer(in.readAllBytes()).toJsonObject();
    }
  }

  /**
   * Environment then system properties: a later store wins, and {@link Overrides} gives system
   * properties precedence the same way. Only the override names are read from the environment.
   */
  private static List<ConfigStoreOptions> overrideStores(JsonObject config, Map<String, String> env) {
    List<String> envNames = Overrides.envNames(config);
    ConfigStoreOptions envStore;
    if (env == null) {
      envStore = new ConfigStoreOptions().setType("env")
          .setConfig(new JsonObject().put("keys", new JsonArray(envNames)).put("raw-data", true));
    } else {
      JsonObject selected = new JsonObject();
      envNames.stream().filter(env::containsKey).forEach(name -> selected.put(name, env.get(name)));
      envStore = new ConfigStoreOptions().setType("json").setConfig(selected);
    }
    ConfigStoreOptions sysStore = new ConfigStoreOptions().setType("sys")
        .setConfig(new JsonObject().put("raw-data", true).put("cache", false));
    return List.of(envStore, sysStore);
  }

  private static Future<JsonObject> retrieve(Vertx vertx, List<ConfigStoreOptions> stores) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(0); // read once; no periodic rescan
    stores.forEach(options::addStore);
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().andThen(ar -> retriever.close());
  }

  private static ConfigException failure(String source, Throwable e) {
    if (e instanceof ConfigException ce) {
      return ce;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MismatchedInputException mie) {
        // parsed, but is not an object: "[...]", "\"text\"", or nothing at all
        return new ConfigException(source + (mie.getOriginalMessage().startsWith("No content")
            ? ": is empty (expected a JSON object)"
            : ": must be a JSON object, with \"listeners\" and \"handlers\""), e);
      }
      if (t instanceof JsonProcessingException jpe) {
        JsonLocation at = jpe.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ConfigException(source + ": malformed JSON" + where + ": " + jpe.getOriginalMessage(), e);
      }
    }
    if (e instanceof FileSystemException || e instanceof IOException) {
      return new ConfigException(source + ": cannot be read: " + e.getMessage(), e);
    }
    return new ConfigException(source + ": " + e, e);
  }
}
