package dev.framewire.config;

import static dev.framewire.config.ConfigValues.orDefault;
import static dev.framewire.config.ConfigValues.quote;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Pattern;

/** One {@code handlers[i]} entry: its type, and the keys that only one handler type uses. */
final class HandlerValidator extends SectionValidator {
  private static final Pattern JAVA_CLASS_NAME = Pattern.compile(
      "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  HandlerValidator(ConfigValues values) {
    super(values);
  }

  /** @return the resolved handler, or null if anything at or under {@code p} failed */
  HandlerConfig handler(ConfigSpec.Handler h, String p) {
    if (h == null) {
      errors.add(p, "must be an object (was null)");
      return null;
    }
    HandlerType type = h.type() == null
        ? values.missing(p + ".type")
        : values.choice(h.type(), p + ".type", HandlerType.values(), HandlerType::json);
    String address = values.nonEmpty(values.required(h.address(), p + ".address"), p + ".address");
    Integer instances = values.integer(h.instances(), p + ".instances", 1, HandlerConfig.MAX_INSTANCES);
    if (type != null) {
      onlyFor(h.delay(), p + ".delay", type, HandlerType.ECHO);
      onlyFor(h.template(), p + ".template", type, HandlerType.TEMPLATE);
      onlyFor(h.file(), p + ".file", type, HandlerType.LOG);
      onlyFor(h.className(), p + ".className", type, HandlerType.VERTICLE);
      onlyFor(h.config(), p + ".config", type, HandlerType.VERTICLE);
    }
    Duration delay = values.duration(h.delay(), p + ".delay", Duration.ZERO, HandlerConfig.MAX_DELAY,
        HandlerConfig.DEFAULT_DELAY);
    String template = type == HandlerType.TEMPLATE
        ? orDefault(h.template(), HandlerConfig.DEFAULT_TEMPLATE) : null;
    String file = type == HandlerType.LOG ? values.nonEmpty(h.file(), p + ".file") : null;
    String className = null;
    if (type == HandlerType.VERTICLE) {
      className = h.className() == null
          ? values.missing(p + ".className", "required for verticle handlers")
          : h.className();
      if (className != null && !JAVA_CLASS_NAME.matcher(className).matches()) {
        errors.add(p + ".className",
            "must be a Java class name like com.example.MyVerticle (was " + quote(className) + ")");
      }
    }
    JsonObject config = type == HandlerType.VERTICLE && h.config() != null
        ? new JsonObject(h.config().toString())
        : new JsonObject();
    if (errors.hasUnder(p)) {
      return null;
    }
    return new HandlerConfig(type, address, instances, delay, template, file, className, config);
  }

  private void onlyFor(Object value, String path, HandlerType actual, HandlerType wanted) {
    if (value != null && actual != wanted) {
      values.onlyFor(value, path, wanted.json() + " handlers");
    }
  }
}
