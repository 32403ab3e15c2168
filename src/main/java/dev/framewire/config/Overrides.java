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
 * what                               environment variable            system property
 * host of every listener, bridge, http FRAMEWIRE_HOST                 framewire.host
 * port of listener "my-echo"         FRAMEWIRE_MY_ECHO_PORT          framewire.listeners.my-echo.port
 * shutdownGrace                      FRAMEWIRE_SHUTDOWN_GRACE        framewire.shutdownGrace
 * cluster.enabled (true|false)       FRAMEWIRE_CLUSTER_ENABLED       framewire.cluster.enabled
 * cluster.host                       FRAMEWIRE_CLUSTER_HOST          framewire.cluster.host
 * cluster.publicHost                 FRAMEWIRE_CLUSTER_PUBLIC_HOST   framewire.cluster.publicHost
 * cluster.port                       FRAMEWIRE_CLUSTER_PORT          framewire.cluster.port
 * cluster.members (a,b:5702,...)     FRAMEWIRE_CLUSTER_MEMBERS       framewire.cluster.members
 * bridge.port                        FRAMEWIRE_BRIDGE_PORT           framewire.bridge.port
 * http.port                          FRAMEWIRE_HTTP_PORT             framewire.http.port
 * </pre>
 *
 * The variable name of a listener is its name upper-cased with every character other than
 * {@code A-Z} and {@code 0-9} turned into {@code _}; a listener whose variable would be
 * {@code FRAMEWIRE_CLUSTER_PORT}, {@code FRAMEWIRE_BRIDGE_PORT} or {@code FRAMEWIRE_HTTP_PORT} (named
 * {@code cluster}, {@code bridge} or {@code http}, in any case) is rejected by validation. A bad value is an error naming the
 * variable: {@code FRAMEWIRE_MY_ECHO_PORT: must be between 0 and 65535 (was 70000)}; the value it
 * would have replaced stays, so the rest of the configuration is still checked.
 *
 * <p>A cluster override adds a {@code cluster} section when the file has none (so
 * {@code FRAMEWIRE_CLUSTER_ENABLED=true} alone clusters a node with the defaults); the bridge and http port
 * overrides need a {@code bridge} or {@code http} section in the file. {@code cluster.port} and
 * {@code cluster.members} cannot be overridden when the file gives {@code cluster.hazelcastConfig},
 * nor the members when it sets {@code cluster.multicast}.
 */
final class Overrides {
  private static final Logger LOG = LoggerFactory.getLogger(Overrides.class);

  static final String ENV_HOST = "FRAMEWIRE_HOST";
  static final String SYS_HOST = "framewire.host";
  static final String ENV_SHUTDOWN_GRACE = "FRAMEWIRE_SHUTDOWN_GRACE";
  static final String SYS_SHUTDOWN_GRACE = "framewire.shutdownGrace";
  static final String ENV_CLUSTER_ENABLED = "FRAMEWIRE_CLUSTER_ENABLED";
  static final String SYS_CLUSTER_ENABLED = "framewire.cluster.enabled";
  static final String ENV_CLUSTER_HOST = "FRAMEWIRE_CLUSTER_HOST";
  static final String SYS_CLUSTER_HOST = "framewire.cluster.host";
  static final String ENV_CLUSTER_PUBLIC_HOST = "FRAMEWIRE_CLUSTER_PUBLIC_HOST";
  static final String SYS_CLUSTER_PUBLIC_HOST = "framewire.cluster.publicHost";
  static final String ENV_CLUSTER_PORT = "FRAMEWIRE_CLUSTER_PORT";
  static final String SYS_CLUSTER_PORT = "framewire.cluster.port";
  static final String ENV_CLUSTER_MEMBERS = "FRAMEWIRE_CLUSTER_MEMBERS";
  static final String SYS_CLUSTER_MEMBERS = "framewire.cluster.members";
  static final String ENV_BRIDGE_PORT = "FRAMEWIRE_BRIDGE_PORT";
  static final String SYS_BRIDGE_PORT = "framewire.bridge.port";
  static final String ENV_HTTP_PORT = "FRAMEWIRE_HTTP_PORT";
  static final String SYS_HTTP_PORT = "framewire.http.port";

  /** Port variables that a listener's {@link #envPort} must not be, and what they set instead. */
  static final Map<String, String> RESERVED_PORT_VARIABLES = Map.of(
      ENV_CLUSTER_PORT, "the cluster port",
      ENV_BRIDGE_PORT, "the bridge port",
      ENV_HTTP_PORT, "the http port");

  private static final List<String> ENV_NAMES = List.of(ENV_HOST, ENV_SHUTDOWN_GRACE, ENV_CLUSTER_ENABLED,
      ENV_CLUSTER_HOST, ENV_CLUSTER_PUBLIC_HOST, ENV_CLUSTER_PORT, ENV_CLUSTER_MEMBERS, ENV_BRIDGE_PORT, ENV_HTTP_PORT);
  private static final List<String> SYS_NAMES = List.of(SYS_HOST, SYS_SHUTDOWN_GRACE, SYS_CLUSTER_ENABLED,
      SYS_CLUSTER_HOST, SYS_CLUSTER_PUBLIC_HOST, SYS_CLUSTER_PORT, SYS_CLUSTER_MEMBERS, SYS_BRIDGE_PORT, SYS_HTTP_PORT);
  private static final String HAZELCAST_FILE_SET = "not used with cluster.hazelcastConfig (set it in the Hazelcast file)";

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

  /**
   * The variable that a listener named {@code listenerName} may not have as its port override,
   * because it sets something else ({@code cluster} → {@code FRAMEWIRE_CLUSTER_PORT}), or null.
   */
  static String reservedPortVariable(String listenerName) {
    String env = envPort(listenerName);
    return RESERVED_PORT_VARIABLES.containsKey(env) ? env : null;
  }

  /** The environment variables that can override {@code config}; nothing else is read. */
  static List<String> envNames(JsonObject config) {
    Set<String> names = new LinkedHashSet<>(ENV_NAMES);
    listenerNames(config).forEach(name -> names.add(envPort(name)));
    return new ArrayList<>(names);
  }

  /** The system properties that can override {@code config}. */
  static List<String> sysNames(JsonObject config) {
    Set<String> names = new LinkedHashSet<>(SYS_NAMES);
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
              + ConfigValues.quote(grace.value) + ")");
        } else {
          LOG.info("{} sets shutdownGrace to {}", grace.name, grace.value);
          result.put("shutdownGrace", grace.value);
        }
      } catch (IllegalArgumentException e) {
        errors.add(grace.name, "must be a duration like 250ms, 30s or 5m (was "
            + ConfigValues.quote(grace.value) + ")");
      }
    }

    if (host != null) {
      LOG.info("{} sets the host of every listener, of the bridge and of the http server to {}", host.name, host.value);
    }
    if (result.getValue("listeners") instanceof JsonArray listeners) {
      for (Object element : listeners) {
        if (!(element instanceof JsonObject listener)) {
          continue;
        }
        if (host != null) {
          listener.put("host", host.value);
        }
        // a reserved name's variable belongs to the cluster, the bridge or the http server; validation rejects the name
        if (listener.getValue("name") instanceof String name && reservedPortVariable(name) == null) {
          Value port = pick(values, envPort(name), sysPort(name));
          if (port != null) {
            Integer value = port(port, 0, errors);
            if (value != null) {
              LOG.info("{} sets the port of listener {} to {}", port.name, name, value);
              listener.put("port", value);
            }
          }
        }
      }
    }
    cluster(result, values, errors);
    section(result, "bridge", pick(values, ENV_BRIDGE_PORT, SYS_BRIDGE_PORT), errors, host);
    section(result, "http", pick(values, ENV_HTTP_PORT, SYS_HTTP_PORT), errors, host);
    return result;
  }

  /** The cluster overrides; any of them adds a {@code cluster} section when there is none. */
  private static void cluster(JsonObject result, Map<String, ?> values, Errors errors) {
    Value enabled = pick(values, ENV_CLUSTER_ENABLED, SYS_CLUSTER_ENABLED);
    Value host = pick(values, ENV_CLUSTER_HOST, SYS_CLUSTER_HOST);
    Value publicHost = pick(values, ENV_CLUSTER_PUBLIC_HOST, SYS_CLUSTER_PUBLIC_HOST);
    Value port = pick(values, ENV_CLUSTER_PORT, SYS_CLUSTER_PORT);
    Value members = pick(values, ENV_CLUSTER_MEMBERS, SYS_CLUSTER_MEMBERS);
    if (enabled == null && host == null && publicHost == null && port == null && members == null) {
      return;
    }
    Object section = result.getValue("cluster");
    if (section != null && !(section instanceof JsonObject)) {
      return; // not an object: validation reports it
    }
    JsonObject cluster = section == null ? new JsonObject() : (JsonObject) section;
    boolean fromFile = cluster.getValue("hazelcastConfig") != null;
    boolean multicast = Boolean.TRUE.equals(cluster.getValue("multicast"));
    JsonObject changes = new JsonObject();

    if (enabled != null) {
      if (enabled.value.equals("true") || enabled.value.equals("false")) {
        set(changes, "enabled", Boolean.parseBoolean(enabled.value), enabled);
      } else {
        errors.add(enabled.name, "must be true or false (was " + ConfigValues.quote(enabled.value) + ")");
      }
    }
    for (Value v : new Value[] {host, publicHost}) {
      if (v == null) {
        continue;
      }
      if (v.value.isBlank()) {
        errors.add(v.name, "must not be empty");
      } else {
        set(changes, v == host ? "host" : "publicHost", v.value, v);
      }
    }
    if (port != null) {
      if (fromFile) {
        errors.add(port.name, HAZELCAST_FILE_SET);
      } else {
        Integer value = port(port, 1, errors);
        if (value != null) {
          set(changes, "port", value, port);
        }
      }
    }
    if (members != null) {
      if (fromFile) {
        errors.add(members.name, HAZELCAST_FILE_SET);
      } else if (multicast) {
        errors.add(members.name, "not used with cluster.multicast (multicast finds the members)");
      } else {
        List<String> list = members(members, errors);
        if (list != null) {
          set(changes, "members", new JsonArray(list), members);
        }
      }
    }

    if (!changes.isEmpty()) {
      result.put("cluster", cluster.mergeIn(changes));
    }
  }

  private static void set(JsonObject changes, String key, Object value, Value from) {
    LOG.info("{} sets cluster.{} to {}", from.name, key, value);
    changes.put(key, value);
  }

  /** {@code "10.0.0.5, 10.0.0.6:5702"} → its entries, trimmed; null (and an error) if one is bad. */
  private static List<String> members(Value members, Errors errors) {
    if (members.value.isBlank()) {
      errors.add(members.name, "must not be empty");
      return null;
    }
    List<String> list = new ArrayList<>();
    for (String entry : members.value.split(",", -1)) {
      String member = entry.trim();
      if (member.isEmpty()) {
        errors.add(members.name, "has an empty entry (was " + ConfigValues.quote(members.value) + ")");
        return null;
      }
      String problem = ClusterValidator.memberProblem(member);
      if (problem != null) {
        errors.add(members.name, problem);
        return null;
      }
      list.add(member);
    }
    return list;
  }

  /** The port of a single-port section ({@code bridge}, {@code http}), and its host from {@code FRAMEWIRE_HOST}. */
  private static void section(JsonObject result, String name, Value port, Errors errors, Value host) {
    Object section = result.getValue(name);
    if (section == null) {
      if (port != null) {
        errors.add(port.name, "the configuration has no " + name + " section to set the port of");
      }
      return;
    }
    if (!(section instanceof JsonObject object)) {
      return; // not an object: validation reports it
    }
    if (host != null) {
      object.put("host", host.value);
    }
    if (port != null) {
      Integer value = port(port, 0, errors);
      if (value != null) {
        LOG.info("{} sets the {} port to {}", port.name, name, value);
        object.put("port", value);
      }
    }
  }

  private static Integer port(Value port, int min, Errors errors) {
    long value;
    try {
      value = Long.parseLong(port.value);
    } catch (NumberFormatException e) {
      errors.add(port.name, "must be an integer (was " + ConfigValues.quote(port.value) + ")");
      return null;
    }
    if (value < min || value > 65535) {
      errors.add(port.name, "must be between " + min + " and 65535 (was " + value + ")");
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
