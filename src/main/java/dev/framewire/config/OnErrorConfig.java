package dev.framewire.config;

import java.util.Objects;

/**
 * What a listener does for a request that gets no reply. In JSON either an action or an object;
 * default {@link #DEFAULT}:
 *
 * <pre>
 * "onError": "close"
 * "onError": {"action": "error-frame", "errorFrame": "ERR {code}"}
 * </pre>
 *
 * {@code errorFrame} may only be set with action {@code error-frame}.
 *
 * @param action what to do; default {@link ErrorAction#ERROR_FRAME}
 * @param errorFrame template of the error frame's payload; {@code {code}} (e.g. {@code TIMEOUT},
 *     {@code NO_HANDLER}, {@code HANDLER_FAILURE}, {@code DECODE}, {@code OVERSIZE}) and
 *     {@code {message}} are filled in; default {@link #DEFAULT_ERROR_FRAME} (also for the other
 *     actions, which do not use it)
 */
public record OnErrorConfig(ErrorAction action, String errorFrame) {
  public static final String DEFAULT_ERROR_FRAME = "ERROR {code} {message}";
  public static final OnErrorConfig DEFAULT = new OnErrorConfig(ErrorAction.ERROR_FRAME, DEFAULT_ERROR_FRAME);

  public OnErrorConfig {
    Objects.requireNonNull(action, "action");
  }
}
