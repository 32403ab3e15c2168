package dev.framewire.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A handler verticle deployed on an event-bus address. Resolved values; keys that do not apply to
 * {@link #type()} are rejected by validation.
 *
 * @param type handler type
 * @param address event-bus address it consumes
 * @param instances verticle instances; null = default ({@code echo}, {@code template}: one per event
 *     loop; others: 1)
 * @param delay {@code echo}: wait this long before replying (never blocking); default zero
 * @param template {@code template}: reply text with {@code {text}}, {@code {listener}},
 *     {@code {remote}} filled in
 * @param file {@code log}: file to append JSON lines to; null = standard output
 * @param className {@code verticle}: fully qualified class name of the user's verticle
 * @param config {@code verticle}: its JSON config (never null: empty object by default)
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
}
