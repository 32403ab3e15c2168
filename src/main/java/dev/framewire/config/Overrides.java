package dev.framewire.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployment-time overrides from environment variables and system properties, applied to the
 * configuration JSON before it is bound. Precedence, lowest first: the file, the environment,
 * system properties.
 *
 * <pre>
 * what                          environment variable          system property
 * host of every listener        FRAMEWIRE_HOST                framewire.host
 * port of listener "my-echo"    FRAMEWIRE_MY_ECHO_PORT        framewire.listeners.my-echo.port
 * shutdownGrace                 FRAMEWIRE_SHUTDOWN_GRACE      framewire.shutdownGrace
 * </pre>
 *
 * The variable name of a listener is its name upper-cased with every character other than
 * {@code A-Z} and {@code 0-9} turned into {@code _}. A bad value is an error naming the variable:
 * {@code FRAMEWIRE_MY_ECHO_PORT: must be between 0 and 65535 (was 70000)}; the value it would
 * have replaced stays, so the rest of the configuration is still checked.
 */
final class Overrides {
  private static final Logger LOG = LoggerFactory.getLogger(Overrides.class);

  static final String ENV_HOST = "FRAMEWIRE_HOST";
  static final String SYS_HOST = "framewire.host";
  static final String ENV_SHUTDOWN_GRACE = "FRAMEWIRE_SHUTDOWN_GRACE";
  static final String SYS_SHUTDOWN_GRACE = "framewire.shutdownGrace";

  private Overrides() {
  }

  /** {@code "tutorial-tcp"} → {@code FRAMEWIRE_TUTORIAL_TCP_PORT}. */
  static String envPort(String listenerName) {
    return "FRAMEWIRE_" + listenerName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_PORT";
  }

  /** {@code "tutorial-tcp"} → {@code framewire.listeners.tutorial-tcp.port}. */
  static String sysPort(String listenerName) {
    return "framewire.listeners." + listenerName + ".port";
  }

  /** The environment variables that can override {@code config}; nothing else is read. */
  static List<String> envNames(JsonObject config) {
    Set<String> names = new LinkedHashSet<>(List.of(ENV_HOST, ENV_SHUTDOWN_GRACE));
    listenerNames(config).forEach(name -> names.add(envPort(name)));
    return new ArrayList<>(names);
  }

  /** The system properties that can override {@code config}. */
  static List<String> sysNames(JsonObject config) {
    Set<String> names = new LinkedHashSet<>(List.of(SYS_HOST, SYS_SHUTDOWN_GRACE));
    listenerNames(config).forEach(name -> names.add(sysPort(name)));
    return new ArrayList<>(names);
  }

  /**
   * A copy of {@code config} with the overrides applied.
   *
   * @param values environment variables and system properties together (their names never clash:
   *     {@code FRAMEWIRE_*} and {@code framewire.*}); only the {@link #envNames} and
   *     {@link #sysNames} are looked at
   * @param errors where bad override values are reported, under the variable's name
   */
  static JsonObject apply(JsonObject config, Map<String, ?> values, Errors errors) {
    JsonObject result = config.copy();

    Value host = pick(values, ENV_HOST, SYS_HOST);
    if (host != null && host.value.isBlank()) {
      errors.add(host.name, "must not be empty");
      host = null;
    }
    Value grace = pick(values, ENV_SHUTDOWN_GRACE, SYS_SHUTDOWN_GRACE);
    if (grace != null) {
      try {
        Duration d = Durations.parse(grace.value);
        if (d.compareTo(FramewireConfig.MAX_SHUTDOWN_GRACE) > 0) {
          errors.add(grace.name, "must be between 0 and "
              + Durations.format(FramewireConfig.MAX_SHUTDOWN_GRACE) + " (was "
              + ConfigValidator.quote(grace.value) + ")");
        } else {
          LOG.info("{} sets shutdownGrace to {}", grace.name, grace.value);
          result.put("shutdownGrace", grace.value);
        }
      } catch (IllegalArgumentException e) {
        errors.add(grace.name, "must be a duration like 250ms, 30s or 5m (was "
            + ConfigValidator.quote(grace.value) + ")");
      }
    }

    if (host != null) {
      LOG.info("{} sets the host of every listener to {}", host.name, host.value);
    }
    if (result.getValue("listeners") instanceof JsonArray listeners) {
      for (Object element : listeners) {
        if (!(element instanceof JsonObject listener)) {
          continue;
        }
        if (host != null) {
          listener.put("host", host.value);
        }
        if (listener.getValue("name") instanceof String name) {
          Value port = pick(values, envPort(name), sysPort(name));
          if (port != null) {
            Integer value = port(port, errors);
            if (value != null) {
              LOG.info("{} sets the port of listener {} to {}", port.name, name, value);
              listener.put("port", value);
            }
          }
        }
      }
    }
    return result;
  }

  private static Integer port(Value port, Errors errors) {
    long value;
    try {
      value = Long.parseLong(port.value);
    } catch (NumberFormatException e) {
      errors.add(port.name, "must be an integer (was " + ConfigValidator.quote(port.value) + ")");
      return null;
    }
    if (value < 0 || value > 65535) {
      errors.add(port.name, "must be between 0 and 65535 (was " + value + ")");
      return null;
    }
    return (int) value;
  }

  /** The winning value: the system property if set, else the environment variable, else null. */
  private static Value pick(Map<String, ?> values, String envName, String sysName) {
    Object value = values.get(sysName);
    if (value != null) {
      return new Value(sysName, value.toString());
    }
    value = values.get(envName);
    return value == null ? null : new Value(envName, value.toString());
  }

  private static List<String> listenerNames(JsonObject config) {
    List<String> names = new ArrayList<>();
    if (config.getValue("listeners") instanceof JsonArray listeners) {
      for (Object element : listeners) {
        if (element instanceof JsonObject listener && listener.getValue("name") instanceof String name) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private record Value(String name, String value) {
  }
}
