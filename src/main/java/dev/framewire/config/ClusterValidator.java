package dev.framewire.config;

import static dev.framewire.config.ConfigValues.isIpv6Literal;
import static dev.framewire.config.ConfigValues.orDefault;
import static dev.framewire.config.ConfigValues.quote;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code cluster} section: its own keys, or a Hazelcast file that replaces most of them. */
final class ClusterValidator extends SectionValidator {
  /** A member's host: a name or IPv4 address, or a Hazelcast IPv4 range such as 10.0.0.1-7. */
  private static final Pattern MEMBER_HOST = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern BRACKETED_MEMBER = Pattern.compile("\\[([^\\]]*)](?::(.*))?");
  private static final List<String> HAZELCAST_FILE_TYPES = List.of(".xml", ".yaml", ".yml");
  private static final String HAZELCAST_PROPERTY_PREFIX = "hazelcast.";
  /** Hosts that mean "every interface". */
  private static final List<String> WILDCARDS = List.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

  ClusterValidator(ConfigValues values) {
    super(values);
  }

  /** @return the resolved section, or null if anything at or under {@code p} failed */
  ClusterConfig cluster(ConfigSpec.Cluster c, String p) {
    boolean enabled = orDefault(c.enabled(), false);
    // a Hazelcast file replaces these four; each one also given is an error at its own key
    boolean fromFile = c.hazelcastConfig() != null;
    String notUsed = "not used with " + p + ".hazelcastConfig (set it in the Hazelcast file)";
    if (fromFile) {
      values.onlyWithout(c.name(), p + ".name", notUsed);
      values.onlyWithout(c.port(), p + ".port", notUsed);
      values.onlyWithout(c.members(), p + ".members", notUsed);
      values.onlyWithout(c.multicast(), p + ".multicast", notUsed);
    }

    String name = orDefault(c.name(), ClusterConfig.DEFAULT_NAME);
    values.name(name, p + ".name");
    String host = orDefault(values.nonEmpty(c.host(), p + ".host"), ClusterConfig.DEFAULT_HOST);
    String publicHost = values.nonEmpty(c.publicHost(), p + ".publicHost");
    if (publicHost == null && !errors.has(p + ".publicHost") && WILDCARDS.contains(host)) {
      errors.add(p + ".publicHost", "required when host is " + host
          + " (other nodes cannot send to a wildcard address)");
    }
    Integer port = orDefault(values.integer(c.port(), p + ".port", 1, 65535), ClusterConfig.DEFAULT_PORT);
    int eventBusPort = orDefault(values.integer(c.eventBusPort(), p + ".eventBusPort", 0, 65535), 0);

    boolean multicast = orDefault(c.multicast(), false);
    List<String> members = ClusterConfig.DEFAULT_MEMBERS;
    if (c.members() != null && !fromFile) {
      members = c.members();
      if (multicast) {
        // one error for the whole list, whatever is in it
        errors.add(p + ".members", "not used with multicast (multicast finds the members)");
      } else if (members.isEmpty()) {
        errors.add(p + ".members", "must not be empty (list the members, or set multicast)");
      } else {
        for (int i = 0; i < members.size(); i++) {
          String problem = memberProblem(members.get(i));
          if (problem != null) {
            errors.add(p + ".members[" + i + "]", problem);
          }
        }
      }
    }

    Duration failureTimeout = values.duration(c.failureTimeout(), p + ".failureTimeout",
        ClusterConfig.MIN_FAILURE_TIMEOUT, ClusterConfig.MAX_FAILURE_TIMEOUT, ClusterConfig.DEFAULT_FAILURE_TIMEOUT);
    if (failureTimeout != null && failureTimeout.getNano() != 0) {
      errors.add(p + ".failureTimeout", "must be a whole number of seconds (was "
          + ConfigBinder.show(c.failureTimeout()) + ")");
    }

    String hazelcastConfig = c.hazelcastConfig();
    if (hazelcastConfig != null && !hazelcastConfig.isBlank()
        && HAZELCAST_FILE_TYPES.stream().noneMatch(hazelcastConfig::endsWith)) {
      errors.add(p + ".hazelcastConfig", "must end in .xml, .yaml or .yml (was " + quote(hazelcastConfig) + ")");
    } else {
      hazelcastConfig = values.existingFile(hazelcastConfig, p + ".hazelcastConfig");
    }

    Map<String, String> properties = new LinkedHashMap<>();
    if (c.properties() != null) {
      c.properties().fields().forEachRemaining(property -> {
        String key = property.getKey();
        JsonNode value = property.getValue();
        String path = p + ".properties." + key;
        if (!key.startsWith(HAZELCAST_PROPERTY_PREFIX) || key.length() == HAZELCAST_PROPERTY_PREFIX.length()) {
          errors.add(path, "not a Hazelcast property: must start with " + HAZELCAST_PROPERTY_PREFIX);
        } else if (value.isTextual()) {
          properties.put(key, value.textValue());
        } else if (value.isNumber() || value.isBoolean()) {
          properties.put(key, value.asText());
        } else {
          errors.add(path, "must be a string, a number, true or false (was " + ConfigBinder.show(value) + ")");
        }
      });
    }

    ClusterTlsConfig tls = c.tls() == null ? null : tls(c.tls(), p + ".tls");

    if (errors.hasUnder(p)) {
      return null;
    }
    if (fromFile) {
      return new ClusterConfig(enabled, null, host, publicHost, null, eventBusPort, List.of(), false,
          failureTimeout, hazelcastConfig, properties, tls);
    }
    return new ClusterConfig(enabled, name, host, publicHost, port, eventBusPort,
        multicast ? List.of() : members, multicast, failureTimeout, null, properties, tls);
  }

  /** {@code cluster.tls}: all three files required, each one existing. */
  private ClusterTlsConfig tls(ConfigSpec.ClusterTls t, String p) {
    String certPath = values.existingFile(values.required(t.certPath(), p + ".certPath"), p + ".certPath");
    String keyPath = values.existingFile(values.required(t.keyPath(), p + ".keyPath"), p + ".keyPath");
    String caPath = values.existingFile(values.required(t.caPath(), p + ".caPath"), p + ".caPath");
    return errors.hasUnder(p) ? null : new ClusterTlsConfig(certPath, keyPath, caPath);
  }

  /**
   * What is wrong with one {@code cluster.members} entry, as an error message, or null if it is a
   * {@code host}, {@code host:port}, {@code [IPv6]}, {@code [IPv6]:port} or bare IPv6 literal.
   * Never resolves a host name. Hazelcast's IPv4 ranges ({@code 10.0.0.1-7}) pass as host names.
   */
  static String memberProblem(String member) {
    if (member == null) {
      return "must be a string (was null)";
    }
    if (member.isBlank()) {
      return "must not be empty";
    }
    String bad = "must be host, host:port or [IPv6]:port (was " + quote(member) + ")";
    String port = null;
    if (member.startsWith("[")) {
      Matcher m = BRACKETED_MEMBER.matcher(member);
      if (!m.matches() || !isIpv6Literal(m.group(1))) {
        return bad;
      }
      port = m.group(2);
    } else if (member.indexOf(':') != member.lastIndexOf(':')) {
      if (!isIpv6Literal(member)) {
        return bad;
      }
    } else {
      int colon = member.indexOf(':');
      if (!MEMBER_HOST.matcher(colon < 0 ? member : member.substring(0, colon)).matches()) {
        return bad;
      }
      port = colon < 0 ? null : member.substring(colon + 1);
    }
    if (port != null) {
      if (!port.matches("\\d{1,9}")) {
        return bad;
      }
      int n = Integer.parseInt(port);
      if (n < 1 || n > 65535) {
        return "port must be between 1 and 65535 (was " + quote(member) + ")";
      }
    }
    return null;
  }
}
