package dev.framewire.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The one validation pass: checks every value of a bound {@link ConfigSpec.Root}, including the
 * rules that span fields and listeners (keys that only apply to one framing type, protocol or
 * handler type; unique names; port clashes; TLS files that do not exist), records every problem
 * with its path, applies the defaults and builds the resolved records. Resolved records are built
 * only when nothing failed.
 */
final class ConfigValidator {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern JAVA_CLASS_NAME = Pattern.compile(
      "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  /** A member's host: a name or IPv4 address, or a Hazelcast IPv4 range such as 10.0.0.1-7. */
  private static final Pattern MEMBER_HOST = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern BRACKETED_MEMBER = Pattern.compile("\\[([^\\]]*)](?::(.*))?");
  private static final List<String> HAZELCAST_FILE_TYPES = List.of(".xml", ".yaml", ".yml");
  private static final String HAZELCAST_PROPERTY_PREFIX = "hazelcast.";

  /** Hosts that mean "every interface". */
  private static final List<String> WILDCARDS = List.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

  private final Errors errors;
  /** listener name → path of the listener that has it */
  private final Map<String, String> names = new HashMap<>();
  /** "tcp 127.0.0.1 7000" → path of the listener bound there */
  private final Map<String, String> bindings = new HashMap<>();

  private ConfigValidator(Errors errors) {
    this.errors = errors;
  }

  /** @return the resolved configuration, or null if {@code errors} is not empty afterwards */
  static FramewireConfig validate(ConfigSpec.Root root, Errors errors) {
    return new ConfigValidator(errors).root(root);
  }

  private FramewireConfig root(ConfigSpec.Root root) {
    List<ListenerConfig> listeners = new ArrayList<>();
    List<ConfigSpec.Listener> listenerSpecs = root.listeners() == null ? List.of() : root.listeners();
    for (int i = 0; i < listenerSpecs.size(); i++) {
      ListenerConfig listener = listener(listenerSpecs.get(i), "listeners[" + i + "]");
      if (listener != null) {
        listeners.add(listener);
      }
    }
    List<HandlerConfig> handlers = new ArrayList<>();
    List<ConfigSpec.Handler> handlerSpecs = root.handlers() == null ? List.of() : root.handlers();
    for (int i = 0; i < handlerSpecs.size(); i++) {
      HandlerConfig handler = handler(handlerSpecs.get(i), "handlers[" + i + "]");
      if (handler != null) {
        handlers.add(handler);
      }
    }
    Duration shutdownGrace = duration(root.shutdownGrace(), "shutdownGrace", Duration.ZERO,
        FramewireConfig.MAX_SHUTDOWN_GRACE, FramewireConfig.DEFAULT_SHUTDOWN_GRACE);
    Integer eventLoops = integer(root.eventLoops(), "eventLoops", 1, FramewireConfig.MAX_EVENT_LOOPS);
    ClusterConfig cluster = root.cluster() == null ? ClusterConfig.DISABLED : cluster(root.cluster(), "cluster");
    BridgeConfig bridge = root.bridge() == null ? null : bridge(root.bridge(), "bridge");
    if (listenerSpecs.isEmpty() && handlerSpecs.isEmpty()
        && !errors.has("listeners") && !errors.has("handlers")) {
      errors.add("listeners", "at least one listener or handler is required");
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new FramewireConfig(listeners, handlers, shutdownGrace, eventLoops, cluster, bridge);
  }

  // ---------------------------------------------------------------- listeners

  private ListenerConfig listener(ConfigSpec.Listener l, String p) {
    if (l == null) {
      errors.add(p, "must be an object (was null)");
      return null;
    }

    String name = required(l.name(), p + ".name");
    if (name != null) {
      String reservedBy = Overrides.reservedPortVariable(name);
      if (!NAME.matcher(name).matches()) {
        errors.add(p + ".name", "must match " + NAME.pattern() + " (was " + quote(name) + ")");
      } else if (reservedBy != null) {
        errors.add(p + ".name", "reserved: its port override " + reservedBy + " sets "
            + Overrides.RESERVED_PORT_VARIABLES.get(reservedBy) + " (was " + quote(name) + ")");
      } else {
        String first = names.putIfAbsent(name, p);
        if (first != null) {
          errors.add(p + ".name", "duplicate of " + first);
        }
      }
    }
    Protocol protocol = l.protocol() == null
        ? missing(p + ".protocol")
        : choice(l.protocol(), p + ".protocol", Protocol.values(), Protocol::json);
    String host = l.host() == null ? ListenerConfig.DEFAULT_HOST : l.host();
    if (host.isBlank()) {
      errors.add(p + ".host", "must not be empty");
    }
    Integer port = l.port() == null ? missing(p + ".port") : integer(l.port(), p + ".port", 0, 65535);
    if (protocol != null && port != null && !host.isBlank()) {
      bind(protocol, host, port, p);
    }
    Integer instances = integer(l.instances(), p + ".instances", 1, ListenerConfig.MAX_INSTANCES);
    FramingConfig framing = framing(l.framing(), p + ".framing", protocol);
    CodecConfig codec = codec(l.codec(), p + ".codec");
    String address = nonEmpty(required(l.address(), p + ".address"), p + ".address");
    Delivery delivery = l.delivery() == null
        ? ListenerConfig.DEFAULT_DELIVERY
        : choice(l.delivery(), p + ".delivery", Delivery.values(), Delivery::json);
    Duration replyTimeout = duration(l.replyTimeout(), p + ".replyTimeout", Duration.ofMillis(1),
        ListenerConfig.MAX_REPLY_TIMEOUT, ListenerConfig.DEFAULT_REPLY_TIMEOUT);
    OnErrorConfig onError = onError(l.onError(), p + ".onError");
    OversizePolicy onOversize = l.onOversize() == null
        ? ListenerConfig.DEFAULT_ON_OVERSIZE
        : choice(l.onOversize(), p + ".onOversize", OversizePolicy.values(), OversizePolicy::json);
    Integer maxInFlight = orDefault(
        integer(l.maxInFlight(), p + ".maxInFlight", 1, ListenerConfig.MAX_MAX_IN_FLIGHT),
        ListenerConfig.DEFAULT_MAX_IN_FLIGHT);

    // TCP only
    if (protocol == Protocol.UDP) {
      onlyFor(l.tcpNoDelay(), p + ".tcpNoDelay", "tcp listeners");
      onlyFor(l.keepAlive(), p + ".keepAlive", "tcp listeners");
      onlyFor(l.acceptBacklog(), p + ".acceptBacklog", "tcp listeners");
      onlyFor(l.idleTimeout(), p + ".idleTimeout", "tcp listeners");
    }
    boolean tcpNoDelay = orDefault(l.tcpNoDelay(), ListenerConfig.DEFAULT_TCP_NO_DELAY);
    boolean keepAlive = orDefault(l.keepAlive(), ListenerConfig.DEFAULT_KEEP_ALIVE);
    int acceptBacklog = orDefault(integer(l.acceptBacklog(), p + ".acceptBacklog", 1, 65535),
        ListenerConfig.DEFAULT_ACCEPT_BACKLOG);
    Duration idleTimeout = duration(l.idleTimeout(), p + ".idleTimeout", Duration.ZERO,
        ListenerConfig.MAX_IDLE_TIMEOUT, ListenerConfig.DEFAULT_IDLE_TIMEOUT);

    // both
    int receiveBufferSize = orDefault(size(l.receiveBufferSize(), p + ".receiveBufferSize",
        ListenerConfig.MIN_BUFFER_SIZE, ListenerConfig.MAX_BUFFER_SIZE), ListenerConfig.DEFAULT_BUFFER_SIZE);
    int sendBufferSize = orDefault(size(l.sendBufferSize(), p + ".sendBufferSize",
        ListenerConfig.MIN_BUFFER_SIZE, ListenerConfig.MAX_BUFFER_SIZE), ListenerConfig.DEFAULT_BUFFER_SIZE);

    // UDP only
    if (protocol == Protocol.TCP) {
      onlyFor(l.multicastGroup(), p + ".multicastGroup", "udp listeners");
      onlyFor(l.multicastInterface(), p + ".multicastInterface", "udp listeners");
      onlyFor(l.maxDatagramSize(), p + ".maxDatagramSize", "udp listeners");
    }
    String multicastGroup = l.multicastGroup();
    if (multicastGroup != null && !isMulticastLiteral(multicastGroup)) {
      errors.add(p + ".multicastGroup",
          "must be a multicast IP address such as 239.1.2.3 or ff02::1 (was " + quote(multicastGroup) + ")");
    }
    String multicastInterface = l.multicastInterface();
    if (multicastInterface != null) {
      if (multicastGroup == null) {
        errors.add(p + ".multicastInterface", "only with multicastGroup");
      } else {
        nonEmpty(multicastInterface, p + ".multicastInterface");
      }
    }
    int maxDatagramSize = orDefault(integer(l.maxDatagramSize(), p + ".maxDatagramSize", 1, 65535),
        ListenerConfig.DEFAULT_MAX_DATAGRAM_SIZE);

    boolean remoteBatching = orDefault(l.remoteBatching(), false);
    if (l.remoteBatching() != null && delivery == Delivery.PUBLISH) {
      errors.add(p + ".remoteBatching", "only for delivery request or send");
    }

    // TLS, TCP only: one error for a UDP listener, not one per key inside it
    TlsConfig tls = null;
    if (l.tls() != null) {
      if (protocol == Protocol.UDP) {
        onlyFor(l.tls(), p + ".tls", "tcp listeners");
      } else {
        tls = tls(l.tls(), p + ".tls");
      }
    }

    if (errors.hasUnder(p)) {
      return null;
    }
    return new ListenerConfig(name, protocol, host, port, instances, framing, codec, address,
        delivery, replyTimeout, onError, onOversize, maxInFlight, tcpNoDelay, keepAlive,
        acceptBacklog, receiveBufferSize, sendBufferSize, idleTimeout, multicastGroup,
        multicastInterface, maxDatagramSize, remoteBatching, tls);
  }

  /** Records that {@code p} (a listener or the bridge) binds {@code host:port}; a clash is an error at its port. */
  private void bind(Protocol protocol, String host, int port, String p) {
    if (port == 0) {
      return;
    }
    String binding = protocol.json() + " " + host.toLowerCase(Locale.ROOT) + " " + port;
    String first = bindings.putIfAbsent(binding, p);
    if (first != null) {
      errors.add(p + ".port", protocol.json() + " port " + port + " on " + host
          + " is already used by " + first);
    }
  }

  private TlsConfig tls(ConfigSpec.Tls t, String p) {
    boolean pem = t.certPath() != null || t.keyPath() != null;
    boolean keyStore = t.keyStorePath() != null;
    if (pem == keyStore) {
      errors.add(p, "give either certPath and keyPath, or keyStorePath");
    } else if (pem) {
      if (t.certPath() == null) {
        errors.add(p + ".certPath", "required with keyPath");
      }
      if (t.keyPath() == null) {
        errors.add(p + ".keyPath", "required with certPath");
      }
    } else if (t.keyStorePassword() == null) {
      errors.add(p + ".keyStorePassword", "required with keyStorePath");
    }
    if (!keyStore) {
      onlyWith(t.keyStorePassword(), p + ".keyStorePassword", "keyStorePath");
      onlyWith(t.keyStoreType(), p + ".keyStoreType", "keyStorePath");
    }
    String certPath = existingFile(t.certPath(), p + ".certPath");
    String keyPath = existingFile(t.keyPath(), p + ".keyPath");
    String keyStorePath = existingFile(t.keyStorePath(), p + ".keyStorePath");
    String keyStoreType = null;
    if (keyStore) {
      keyStoreType = TlsConfig.DEFAULT_KEY_STORE_TYPE;
      if (t.keyStoreType() != null) {
        keyStoreType = t.keyStoreType().toUpperCase(Locale.ROOT);
        if (!TlsConfig.KEY_STORE_TYPES.contains(keyStoreType)) {
          errors.add(p + ".keyStoreType", "must be one of " + String.join(", ", TlsConfig.KEY_STORE_TYPES)
              + " (was " + quote(t.keyStoreType()) + ")");
        }
      }
    }

    TlsClientAuth clientAuth = t.clientAuth() == null
        ? TlsConfig.DEFAULT_CLIENT_AUTH
        : choice(t.clientAuth(), p + ".clientAuth", TlsClientAuth.values(), TlsClientAuth::json);
    if (clientAuth == TlsClientAuth.REQUIRED && t.trustPath() == null) {
      errors.add(p + ".trustPath", "required for clientAuth required");
    } else if (clientAuth == TlsClientAuth.NONE && t.trustPath() != null) {
      errors.add(p + ".trustPath", "only for clientAuth request or required");
    }
    String trustPath = existingFile(t.trustPath(), p + ".trustPath");

    List<String> protocols = TlsConfig.DEFAULT_PROTOCOLS;
    if (t.protocols() != null) {
      protocols = t.protocols();
      if (protocols.isEmpty()) {
        errors.add(p + ".protocols", "must not be empty");
      }
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < protocols.size(); i++) {
        String protocol = protocols.get(i);
        String path = p + ".protocols[" + i + "]";
        if (protocol == null || !TlsConfig.SUPPORTED_PROTOCOLS.contains(protocol)) {
          errors.add(path, "must be one of " + String.join(", ", TlsConfig.SUPPORTED_PROTOCOLS)
              + " (was " + (protocol == null ? "null" : quote(protocol)) + ")");
        } else {
          String first = seen.putIfAbsent(protocol, path);
          if (first != null) {
            errors.add(path, "duplicate of " + first);
          }
        }
      }
    }
    Duration handshakeTimeout = duration(t.handshakeTimeout(), p + ".handshakeTimeout", Duration.ofMillis(1),
        TlsConfig.MAX_HANDSHAKE_TIMEOUT, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);

    if (errors.hasUnder(p)) {
      return null;
    }
    return new TlsConfig(certPath, keyPath, keyStorePath, keyStore ? t.keyStorePassword() : null,
        keyStoreType, clientAuth, trustPath, protocols, handshakeTimeout);
  }

  /**
   * A file that must exist when the configuration is checked, so that {@code check} reports it
   * without opening a socket. A relative path is resolved against the working directory, as Vert.x
   * resolves it when it reads the file; the error then shows where that is. Returns the path as
   * written, or null if absent or invalid.
   */
  private String existingFile(String path, String p) {
    if (path == null) {
      return null;
    }
    if (path.isBlank()) {
      errors.add(p, "must not be empty");
      return null;
    }
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      errors.add(p, "not a valid file path: " + e.getReason() + " (was " + quote(path) + ")");
      return null;
    }
    Path absolute = file.toAbsolutePath().normalize();
    String where = file.isAbsolute() ? "" : " (" + absolute + ")";
    if (!Files.exists(absolute)) {
      errors.add(p, "no such file: " + path + where);
      return null;
    }
    if (!Files.isRegularFile(absolute)) {
      errors.add(p, "not a regular file: " + path + where);
      return null;
    }
    return path;
  }

  private FramingConfig framing(ConfigSpec.Framing f, String p, Protocol protocol) {
    if (f == null) {
      f = ConfigSpec.Framing.ofType(null);
    }
    FramingType type = f.type() == null
        ? (protocol == Protocol.UDP ? FramingType.DATAGRAM : FramingType.RAW)
        : choice(f.type(), p + ".type", FramingType.values(), FramingType::json);
    if (protocol == Protocol.UDP && type != null && type != FramingType.DATAGRAM) {
      errors.add(p + ".type", "udp listeners frame each datagram: use \"datagram\" (was " + quote(f.type()) + ")");
    } else if (protocol == Protocol.TCP && type == FramingType.DATAGRAM) {
      errors.add(p + ".type", "\"datagram\" is only for udp listeners");
    }
    int maxLength = orDefault(size(f.maxLength(), p + ".maxLength", 1, FramingConfig.MAX_MAX_LENGTH),
        FramingConfig.DEFAULT_MAX_LENGTH);
    if (type == null) {
      return null;
    }
    boolean delimited = type == FramingType.DELIMITED || type == FramingType.DATAGRAM;
    boolean fixed = type == FramingType.FIXED;
    boolean lengthPrefixed = type == FramingType.LENGTH_PREFIXED;
    String notUsed = "not used by framing type " + type.json();
    if (!delimited && f.delimiter() != null) {
      errors.add(p + ".delimiter", notUsed);
    }
    if (!fixed && f.size() != null) {
      errors.add(p + ".size", notUsed);
    }
    if (!lengthPrefixed) {
      if (f.headerBytes() != null) {
        errors.add(p + ".headerBytes", notUsed);
      }
      if (f.byteOrder() != null) {
        errors.add(p + ".byteOrder", notUsed);
      }
      if (f.lengthIncludesHeader() != null) {
        errors.add(p + ".lengthIncludesHeader", notUsed);
      }
    }

    FramingConfig framing = FramingConfig.of(type).withMaxLength(maxLength);
    if (delimited && f.delimiter() != null) {
      framing = framing.withDelimiter(delimiter(f.delimiter(), p + ".delimiter"));
    }
    if (fixed) {
      Integer size = f.size() == null
          ? missing(p + ".size", "required for framing type fixed")
          : integer(f.size(), p + ".size", 1, maxLength);
      framing = framing.withSize(orDefault(size, 1));
    }
    if (lengthPrefixed) {
      int headerBytes = FramingConfig.DEFAULT_HEADER_BYTES;
      if (f.headerBytes() != null) {
        long h = f.headerBytes();
        if (h == 1 || h == 2 || h == 4 || h == 8) {
          headerBytes = (int) h;
        } else {
          errors.add(p + ".headerBytes", "must be one of 1, 2, 4, 8 (was " + h + ")");
        }
      }
      ByteOrder byteOrder = FramingConfig.DEFAULT_BYTE_ORDER;
      if (f.byteOrder() != null) {
        switch (f.byteOrder()) {
          case "big" -> byteOrder = ByteOrder.BIG_ENDIAN;
          case "little" -> byteOrder = ByteOrder.LITTLE_ENDIAN;
          default -> errors.add(p + ".byteOrder", "must be one of big, little (was " + quote(f.byteOrder()) + ")");
        }
      }
      framing = framing.withHeader(headerBytes, byteOrder,
          orDefault(f.lengthIncludesHeader(), FramingConfig.DEFAULT_LENGTH_INCLUDES_HEADER));
    }
    return framing;
  }

  private byte[] delimiter(String text, String path) {
    byte[] bytes;
    try {
      bytes = Escapes.decode(text);
    } catch (IllegalArgumentException e) {
      errors.add(path, e.getMessage() + " (was " + quote(text) + ")");
      return null;
    }
    if (bytes.length < 1 || bytes.length > FramingConfig.MAX_DELIMITER_LENGTH) {
      errors.add(path, "must be between 1 and " + FramingConfig.MAX_DELIMITER_LENGTH
          + " bytes (was " + quote(text) + ", " + bytes.length + " bytes)");
      return null;
    }
    return bytes;
  }

  private CodecConfig codec(ConfigSpec.Codec c, String p) {
    if (c == null) {
      return CodecConfig.of(CodecType.BYTES);
    }
    CodecType type = c.type() == null
        ? CodecType.BYTES
        : choice(c.type(), p + ".type", CodecType.values(), CodecType::json);
    Charset charset = CodecConfig.DEFAULT_CHARSET;
    if (c.charset() != null) {
      charset = charset(c.charset());
      if (charset == null) {
        errors.add(p + ".charset", "unknown charset " + quote(c.charset()));
      }
    }
    return type == null || charset == null ? null : new CodecConfig(type, charset);
  }

  private static Charset charset(String name) {
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalCharsetNameException e) {
      return null;
    }
  }

  private OnErrorConfig onError(ConfigSpec.OnError o, String p) {
    if (o == null) {
      return OnErrorConfig.DEFAULT;
    }
    ErrorAction action = o.action() == null
        ? OnErrorConfig.DEFAULT.action()
        : choice(o.action(), p + ".action", ErrorAction.values(), ErrorAction::json);
    if (o.errorFrame() != null && action != null && action != ErrorAction.ERROR_FRAME) {
      errors.add(p + ".errorFrame", "only for action " + ErrorAction.ERROR_FRAME.json());
    }
    String errorFrame = o.errorFrame() == null ? OnErrorConfig.DEFAULT_ERROR_FRAME : o.errorFrame();
    return action == null ? null : new OnErrorConfig(action, errorFrame);
  }

  // ---------------------------------------------------------------- cluster

  private ClusterConfig cluster(ConfigSpec.Cluster c, String p) {
    boolean enabled = orDefault(c.enabled(), false);
    // a Hazelcast file replaces these four; each one also given is an error at its own key
    boolean fromFile = c.hazelcastConfig() != null;
    String notUsed = "not used with " + p + ".hazelcastConfig (set it in the Hazelcast file)";
    if (fromFile) {
      onlyWithout(c.name(), p + ".name", notUsed);
      onlyWithout(c.port(), p + ".port", notUsed);
      onlyWithout(c.members(), p + ".members", notUsed);
      onlyWithout(c.multicast(), p + ".multicast", notUsed);
    }

    String name = orDefault(c.name(), ClusterConfig.DEFAULT_NAME);
    if (!NAME.matcher(name).matches()) {
      errors.add(p + ".name", "must match " + NAME.pattern() + " (was " + quote(name) + ")");
    }
    String host = orDefault(nonEmpty(c.host(), p + ".host"), ClusterConfig.DEFAULT_HOST);
    String publicHost = nonEmpty(c.publicHost(), p + ".publicHost");
    if (publicHost == null && !errors.has(p + ".publicHost") && WILDCARDS.contains(host)) {
      errors.add(p + ".publicHost", "required when host is " + host
          + " (other nodes cannot send to a wildcard address)");
    }
    Integer port = orDefault(integer(c.port(), p + ".port", 1, 65535), ClusterConfig.DEFAULT_PORT);
    int eventBusPort = orDefault(integer(c.eventBusPort(), p + ".eventBusPort", 0, 65535), 0);

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

    Duration failureTimeout = duration(c.failureTimeout(), p + ".failureTimeout",
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
      hazelcastConfig = existingFile(hazelcastConfig, p + ".hazelcastConfig");
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

    if (errors.hasUnder(p)) {
      return null;
    }
    if (fromFile) {
      return new ClusterConfig(enabled, null, host, publicHost, null, eventBusPort, List.of(), false,
          failureTimeout, hazelcastConfig, properties);
    }
    return new ClusterConfig(enabled, name, host, publicHost, port, eventBusPort,
        multicast ? List.of() : members, multicast, failureTimeout, null, properties);
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

  /** True for an IPv6 literal; a string of hex digits, ':' and '.' is parsed, never looked up. */
  private static boolean isIpv6Literal(String text) {
    if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
      return false;
    }
    try {
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- bridge

  private BridgeConfig bridge(ConfigSpec.Bridge b, String p) {
    String host = orDefault(nonEmpty(b.host(), p + ".host"), ListenerConfig.DEFAULT_HOST);
    Integer port = b.port() == null ? missing(p + ".port") : integer(b.port(), p + ".port", 0, 65535);
    if (port != null && !errors.has(p + ".host")) {
      bind(Protocol.TCP, host, port, p);
    }
    List<PermittedAddress> inbound = permitted(b.inbound(), p + ".inbound");
    List<PermittedAddress> outbound = permitted(b.outbound(), p + ".outbound");
    int maxFrameLength = orDefault(size(b.maxFrameLength(), p + ".maxFrameLength",
        BridgeConfig.MIN_FRAME_LENGTH, BridgeConfig.MAX_FRAME_LENGTH), BridgeConfig.DEFAULT_MAX_FRAME_LENGTH);
    TlsConfig tls = b.tls() == null ? null : tls(b.tls(), p + ".tls");
    if (errors.hasUnder(p)) {
      return null;
    }
    return new BridgeConfig(host, port, inbound, outbound, maxFrameLength, tls);
  }

  private List<PermittedAddress> permitted(List<ConfigSpec.Permitted> entries, String p) {
    List<PermittedAddress> resolved = new ArrayList<>();
    if (entries == null) {
      return resolved;
    }
    for (int i = 0; i < entries.size(); i++) {
      String path = p + "[" + i + "]";
      ConfigSpec.Permitted entry = entries.get(i);
      if (entry == null) {
        errors.add(path, "must be a string or an object (was null)");
      } else if (entry instanceof ConfigSpec.Named n) {
        if (nonEmpty(n.address(), path) != null) {
          resolved.add(PermittedAddress.exact(n.address()));
        }
      } else if (entry instanceof ConfigSpec.PermittedObject o) {
        if ((o.address() == null) == (o.addressRegex() == null)) {
          if (!errors.hasUnder(path)) { // a value that failed to bind is not also "missing"
            errors.add(path, "give exactly one of address and addressRegex");
          }
        } else if (o.address() != null) {
          if (nonEmpty(o.address(), path + ".address") != null) {
            resolved.add(PermittedAddress.exact(o.address()));
          }
        } else if (o.addressRegex().isEmpty()) {
          errors.add(path + ".addressRegex", "must not be empty");
        } else {
          try {
            Pattern.compile(o.addressRegex());
            resolved.add(PermittedAddress.regex(o.addressRegex()));
          } catch (PatternSyntaxException e) {
            errors.add(path + ".addressRegex", "not a valid regular expression: " + e.getDescription()
                + " (was " + quote(o.addressRegex()) + ")");
          }
        }
      }
    }
    return resolved;
  }

  // ---------------------------------------------------------------- handlers

  private HandlerConfig handler(ConfigSpec.Handler h, String p) {
    if (h == null) {
      errors.add(p, "must be an object (was null)");
      return null;
    }
    HandlerType type = h.type() == null
        ? missing(p + ".type")
        : choice(h.type(), p + ".type", HandlerType.values(), HandlerType::json);
    String address = nonEmpty(required(h.address(), p + ".address"), p + ".address");
    Integer instances = integer(h.instances(), p + ".instances", 1, HandlerConfig.MAX_INSTANCES);
    if (type != null) {
      onlyFor(h.delay(), p + ".delay", type, HandlerType.ECHO);
      onlyFor(h.template(), p + ".template", type, HandlerType.TEMPLATE);
      onlyFor(h.file(), p + ".file", type, HandlerType.LOG);
      onlyFor(h.className(), p + ".className", type, HandlerType.VERTICLE);
      onlyFor(h.config(), p + ".config", type, HandlerType.VERTICLE);
    }
    Duration delay = duration(h.delay(), p + ".delay", Duration.ZERO, HandlerConfig.MAX_DELAY,
        HandlerConfig.DEFAULT_DELAY);
    String template = type == HandlerType.TEMPLATE
        ? orDefault(h.template(), HandlerConfig.DEFAULT_TEMPLATE) : null;
    String file = type == HandlerType.LOG ? nonEmpty(h.file(), p + ".file") : null;
    String className = null;
    if (type == HandlerType.VERTICLE) {
      className = h.className() == null
          ? missing(p + ".className", "required for verticle handlers")
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
      onlyFor(value, path, wanted.json() + " handlers");
    }
  }

  // ---------------------------------------------------------------- values

  private void onlyFor(Object value, String path, String what) {
    if (value != null) {
      errors.add(path, "only for " + what);
    }
  }

  private void onlyWithout(Object value, String path, String message) {
    if (value != null) {
      errors.add(path, message);
    }
  }

  private void onlyWith(Object value, String path, String other) {
    if (value != null) {
      errors.add(path, "only with " + other);
    }
  }

  private <T> T missing(String path) {
    return missing(path, "required");
  }

  private <T> T missing(String path, String message) {
    errors.add(path, message);
    return null;
  }

  private String required(String value, String path) {
    return value == null ? missing(path) : value;
  }

  private String nonEmpty(String value, String path) {
    if (value != null && value.isBlank()) {
      errors.add(path, "must not be empty");
      return null;
    }
    return value;
  }

  private <E> E choice(String value, String path, E[] values, Function<E, String> json) {
    for (E e : values) {
      if (json.apply(e).equals(value)) {
        return e;
      }
    }
    errors.add(path, "must be one of "
        + Arrays.stream(values).map(json).collect(Collectors.joining(", "))
        + " (was " + quote(value) + ")");
    return null;
  }

  /** null if absent or out of range (then an error is recorded). */
  private Integer integer(Long value, String path, long min, long max) {
    if (value == null) {
      return null;
    }
    if (value < min || value > max) {
      errors.add(path, "must be between " + min + " and " + max + " (was " + value + ")");
      return null;
    }
    return value.intValue();
  }

  /** A size: a JSON integer or a string such as "64KiB". null if absent or invalid. */
  private Integer size(JsonNode node, String path, long min, long max) {
    if (node == null || node.isNull()) {
      return null;
    }
    BigInteger bytes = null;
    if (node.isIntegralNumber()) {
      bytes = node.bigIntegerValue();
    } else if (node.isTextual()) {
      try {
        bytes = BigInteger.valueOf(Sizes.parse(node.textValue()));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    if (bytes == null) {
      errors.add(path, "must be a size like 65536, 64KiB or 1MiB (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    if (bytes.compareTo(BigInteger.valueOf(min)) < 0 || bytes.compareTo(BigInteger.valueOf(max)) > 0) {
      errors.add(path, "must be between " + min + " and " + max + " (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    return bytes.intValue();
  }

  /** A duration: a string such as "30s", or the integer 0. {@code absent} if not set; null if invalid. */
  private Duration duration(JsonNode node, String path, Duration min, Duration max, Duration absent) {
    if (node == null || node.isNull()) {
      return absent;
    }
    Duration d = null;
    if (node.isTextual()) {
      try {
        d = Durations.parse(node.textValue());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    } else if (node.isIntegralNumber() && node.bigIntegerValue().signum() == 0) {
      d = Duration.ZERO;
    }
    if (d == null) {
      errors.add(path, "must be a duration like 250ms, 30s or 5m (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      errors.add(path, "must be between " + Durations.format(min) + " and " + Durations.format(max)
          + " (was " + ConfigBinder.show(node) + ")");
      return null;
    }
    return d;
  }

  private static <T> T orDefault(T value, T dflt) {
    return value == null ? dflt : value;
  }

  static String quote(String s) {
    return ConfigBinder.show(TextNode.valueOf(s));
  }

  /** True for an IPv4 or IPv6 multicast literal; never resolves a host name. */
  static boolean isMulticastLiteral(String text) {
    InetAddress address = null;
    try {
      var v4 = IPV4.matcher(text);
      if (v4.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(v4.group(i + 1));
          if (part > 255) {
            return false;
          }
          bytes[i] = (byte) part;
        }
        address = InetAddress.getByAddress(bytes);
      } else if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
        // a string of hex digits, ':' and '.' containing ':' is parsed as a literal, never looked up
        address = InetAddress.getByName(text);
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return address != null && address.isMulticastAddress();
  }
}
