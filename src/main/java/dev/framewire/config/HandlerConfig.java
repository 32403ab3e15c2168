package dev.framewire.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * A handler verticle deployed on an event-bus address. Resolved values; keys that do not apply to
 * {@link #type()} are rejected by validation.
 *
 * <pre>
 * {"type": "echo", "address": "framewire.echo", "delay": "100ms"}
 * {"type": "template", "address": "framewire.udp.template", "template": "Message received: {text}"}
 * {"type": "broadcast", "address": "framewire.chat"}
 * {"type": "log", "address": "audit", "file": "audit.jsonl"}
 * {"type": "verticle", "address": "upper", "className": "com.example.UppercaseHandler",
 *  "config": {"suffix": "!"}}
 * </pre>
 *
 * <p>{@link #config()} returns a copy: the record stays immutable.
 *
 * @param type handler type; required
 * @param address event-bus address it consumes; required
 * @param instances verticle instances, 1..{@link #MAX_INSTANCES}; null = default ({@code echo},
 *     {@code template}: one per event loop; others: 1)
 * @param delay {@code echo}: wait this long before replying (never blocking), 0..{@link #MAX_DELAY};
 *     default {@link #DEFAULT_DELAY} (also for the other types)
 * @param template {@code template}: reply text with {@code {text}}, {@code {listener}},
 *     {@code {remote}} filled in; default {@link #DEFAULT_TEMPLATE}; null for the other types
 * @param file {@code log}: file to append JSON lines to; null = standard output
 * @param className {@code verticle}: fully qualified (binary) class name of the user's verticle;
 *     required there, not loaded by validation; null for the other types
 * @param config {@code verticle}: its JSON config (never null: empty object by default and for the
 *     other types)
 */
public record HandlerConfig(
    HandlerType type,
    String address,
    Integer instances,
    Duration delay,
    String template,
    String file,
    String className,
    JsonObject config) {

  /** Upper bound for {@code instances}. */
  public static final int MAX_INSTANCES = 1024;
  /** Default {@code delay}: none. */
  public static final Duration DEFAULT_DELAY = Duration.ZERO;
  /** Upper bound for {@code delay}: 1 hour. */
  public static final Duration MAX_DELAY = Duration.ofHours(1);
  /** Default {@code template}: the frame's text unchanged. */
  public static final String DEFAULT_TEMPLATE = "{text}";

  public HandlerConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(address, "address");
    delay = delay == null ? DEFAULT_DELAY : delay;
    config = config == null ? new JsonObject() : config.copy();
  }

  /** A handler of this type with every optional value at its default (for code and tests). */
  public static HandlerConfig of(HandlerType type, String address) {
    return new HandlerConfig(type, address, null, DEFAULT_DELAY,
        type == HandlerType.TEMPLATE ? DEFAULT_TEMPLATE : null, null, null, new JsonObject());
  }

  /** The verticle's JSON config (a copy; never null). */
  @Override
  public JsonObject config() {
    return config.copy();
  }
}
