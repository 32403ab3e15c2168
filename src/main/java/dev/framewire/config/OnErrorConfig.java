package dev.framewire.config;

/**
 * @param action what to do; default {@link ErrorAction#ERROR_FRAME}
 * @param errorFrame template of the error frame's payload; {@code {code}} (e.g. {@code TIMEOUT},
 *     {@code NO_HANDLER}, {@code HANDLER_FAILURE}, {@code DECODE}, {@code OVERSIZE}) and
 *     {@code {message}} are filled in; default {@link #DEFAULT_ERROR_FRAME}
 */
public record OnErrorConfig(ErrorAction action, String errorFrame) {
  public static final String DEFAULT_ERROR_FRAME = "ERROR {code} {message}";
  public static final OnErrorConfig DEFAULT = new OnErrorConfig(ErrorAction.ERROR_FRAME, DEFAULT_ERROR_FRAME);
}
