package dev.framewire.config;

/**
 * The process-wide limits: the {@code limits} section. Each listener has its own limits besides
 * ({@link ListenerLimits}).
 *
 * <pre>
 * "limits": {"maxConnections": 50000}
 * </pre>
 *
 * @param maxConnections connections all listeners together hold open, 1..{@link #MAX_CONNECTIONS};
 *     null (default) = derived at start from the process's open-files limit, leaving room for the
 *     monitoring server, the bridge, the cluster and the log (see
 *     {@code transport.ProcessConnections}). A value above the open-files limit is accepted, with a
 *     warning at start: past that limit the kernel refuses connections before Framewire can count
 *     them
 */
public record LimitsConfig(Integer maxConnections) {

  /** Upper bound for {@code maxConnections}, in connections. */
  public static final int MAX_CONNECTIONS = 100_000_000;
  /** Default {@code maxConnections}: null = derived from the open-files limit at start. */
  public static final Integer DEFAULT_MAX_CONNECTIONS = null;
  /** The section's defaults, as when it is absent. */
  public static final LimitsConfig DEFAULT = new LimitsConfig(DEFAULT_MAX_CONNECTIONS);
}
