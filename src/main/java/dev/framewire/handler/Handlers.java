package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.config.HandlerConfig;
import dev.framewire.config.HandlerType;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * Deploys the handler a {@link HandlerConfig} describes ({@link EchoHandler}, {@link TemplateHandler},
 * {@link BroadcastHandler}, {@link LogHandler} or a user's verticle). The one place where a handler
 * config becomes {@link DeploymentOptions}.
 *
 * <p>Deployment config per type ({@code address} is always there):
 * <pre>
 *   type       verticle                  instances (null →)  deployment config
 *   echo       EchoHandler               defaultInstances    {"address", "delay": ms (0 if null)}
 *   template   TemplateHandler           defaultInstances    {"address", "template" ("{text}" if null)}
 *   broadcast  BroadcastHandler          1                   {"address"}
 *   log        LogHandler, as a worker   1                   {"address", "file" (absent if null)}
 *   verticle   className                 1                   config + {"address"}
 * </pre>
 * For type {@code verticle} the user's {@code config} is copied and {@code "address"} is set on the
 * copy: the handler's {@code address} wins over an {@code "address"} key of its own config, so the
 * verticle always consumes what the listeners send to.
 *
 * <pre>{@code
 * // {"type": "verticle", "address": "app.upper", "className": "com.example.UppercaseHandler",
 * //  "config": {"suffix": "!"}}
 * Handlers.deploy(vertx, handlerConfig, 2 * cores)   // deploys with config {"suffix": "!", "address": "app.upper"}
 *     .onSuccess(id -> log.info("handler app.upper deployed: {}", id));
 * }</pre>
 */
public final class Handlers {
  private Handlers() {}

  /**
   * Deploys {@code config}'s handler with {@code config.instances()} instances, or the type's default
   * when null ({@code defaultInstances} for echo and template, 1 for the others).
   *
   * @return the deployment id; failed with a {@link DeployException} when the {@code verticle}
   *     class cannot be loaded, is not a verticle or fails to start (message
   *     {@code cannot deploy com.example.Foo: class not found on the classpath}), or with the
   *     handler's own start failure (e.g. a log file in a missing directory)
   * @throws IllegalArgumentException if the resolved instance count is below 1 (an unvalidated config)
   */
  public static Future<String> deploy(Vertx vertx, HandlerConfig config, int defaultInstances) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(config.type(), "config.type");
    Objects.requireNonNull(config.address(), "config.address");
    DeploymentOptions options = new DeploymentOptions()
        .setInstances(instances(config, defaultInstances))
        .setConfig(deploymentConfig(config));
    return switch (config.type()) {
      case ECHO -> vertx.deployVerticle(EchoHandler.class, options);
      case TEMPLATE -> vertx.deployVerticle(TemplateHandler.class, options);
      case BROADCAST -> vertx.deployVerticle(BroadcastHandler.class, options);
      case LOG -> vertx.deployVerticle(LogHandler.class, options.setThreadingModel(ThreadingModel.WORKER));
      case VERTICLE -> deployClass(vertx, Objects.requireNonNull(config.className(), "config.className"), options);
    };
  }

  static int instances(HandlerConfig config, int defaultInstances) {
    int instances;
    if (config.instances() != null) {
      instances = config.instances();
    } else if (config.type() == HandlerType.ECHO || config.type() == HandlerType.TEMPLATE) {
      instances = defaultInstances;
    } else {
      instances = 1;
    }
    if (instances < 1) {
      throw new IllegalArgumentException("handler " + config.address() + ": instances must be >= 1 (was "
          + instances + ")");
    }
    return instances;
  }

  static JsonObject deploymentConfig(HandlerConfig config) {
    return switch (config.type()) {
      case ECHO -> new JsonObject().put("address", config.address())
          .put("delay", config.delay() == null ? 0L : config.delay().toMillis());
      case TEMPLATE -> new JsonObject().put("address", config.address())
          .put("template", config.template() == null ? TemplateHandler.DEFAULT_TEMPLATE : config.template());
      case BROADCAST -> new JsonObject().put("address", config.address());
      case LOG -> {
        JsonObject json = new JsonObject().put("address", config.address());
        yield config.file() == null ? json : json.put("file", config.file());
      }
      case VERTICLE -> (config.config() == null ? new JsonObject() : config.config().copy())
          .put("address", config.address());
    };
  }

  private static Future<String> deployClass(Vertx vertx, String className, DeploymentOptions options) {
    Class<? extends Deployable> type;
    try {
      type = load(className);
    } catch (DeployException e) {
      return Future.failedFuture(e);
    }
    return vertx.deployVerticle(type, options).recover(e -> Future.failedFuture(
        new DeployException(className, describe(e), e)));
  }

  // Loaded here rather than by vertx.deployVerticle(name): Vert.x would fail a missing class with a
  // bare ClassNotFoundException and a non-verticle with a ClassCastException at start.
  private static Class<? extends Deployable> load(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Handlers.class.getClassLoader();
    }
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new DeployException(className, "class not found on the classpath", e);
    } catch (LinkageError e) {
      throw new DeployException(className, "class failed to load: " + e, e);
    }
    if (!Deployable.class.isAssignableFrom(type)) {
      throw new DeployException(className, "not a verticle (it must implement " + Deployable.class.getName()
          + ", e.g. extend " + FrameHandlerVerticle.class.getName() + ")", null);
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new DeployException(className, "class is abstract", null);
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new DeployException(className, "class is not public", null);
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new DeployException(className, "class has no public no-argument constructor", e);
    }
    return type.asSubclass(Deployable.class);
  }

  private static String describe(Throwable e) {
    Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage();
    return cause == e && message != null ? message : cause.toString();
  }

  /** A handler of type {@code verticle} could not be deployed; the message names the class and why. */
  public static final class DeployException extends RuntimeException {
    private final String className;

    DeployException(String className, String reason, Throwable cause) {
      super("cannot deploy " + className + ": " + reason, cause);
      this.className = className;
    }

    public String className() {
      return className;
    }
  }
}
