package dev.framewire.config;

import java.time.Duration;
import java.util.List;

/**
 * A whole Framewire configuration. Top-level sections other than these are errors today; later
 * sections ({@code cluster}, {@code bridge}, {@code tls}, ...) are added here.
 *
 * @param listeners socket listeners, in start order
 * @param handlers handler verticles, deployed before the listeners
 * @param shutdownGrace how long a graceful stop waits for in-flight replies to flush; default
 *     {@link #DEFAULT_SHUTDOWN_GRACE}
 * @param eventLoops event-loop threads; null = Vert.x default (2 per core)
 */
public record FramewireConfig(
    List<ListenerConfig> listeners,
    List<HandlerConfig> handlers,
    Duration shutdownGrace,
    Integer eventLoops) {

  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public FramewireConfig {
    listeners = List.copyOf(listeners);
    handlers = List.copyOf(handlers);
  }
}
