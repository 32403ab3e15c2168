package dev.framewire.config;

import static dev.framewire.config.ConfigValues.isMulticastLiteral;
import static dev.framewire.config.ConfigValues.orDefault;
import static dev.framewire.config.ConfigValues.quote;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code listeners[i]} entry with its codec and onError sections; framing and TLS have their own
 * validators. Keeps the names seen so far, so that one instance checks every listener of a file.
 */
final class ListenerValidator extends SectionValidator {
  private final PortBindings ports;
  private final FramingValidator framing;
  private final TlsValidator tls;
  /** listener name → path of the listener that has it */
  private final Map<String, String> names = new HashMap<>();

  ListenerValidator(ConfigValues values, PortBindings ports) {
    super(values);
    this.ports = ports;
    this.framing = new FramingValidator(values);
    this.tls = new TlsValidator(values);
  }

  /** @return the resolved listener, or null if anything at or under {@code p} failed */
  ListenerConfig listener(ConfigSpec.Listener l, String p) {
    if (l == null) {
      errors.add(p, "must be an object (was null)");
      return null;
    }

    String name = values.required(l.name(), p + ".name");
    if (name != null && values.name(name, p + ".name")) {
      String reservedBy = Overrides.reservedPortVariable(name);
      if (reservedBy != null) {
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
        ? values.missing(p + ".protocol")
        : values.choice(l.protocol(), p + ".protocol", Protocol.values(), Protocol::json);
    String host = l.host() == null ? ListenerConfig.DEFAULT_HOST : l.host();
    if (host.isBlank()) {
      errors.add(p + ".host", "must not be empty");
    }
    Integer port = l.port() == null
        ? values.missing(p + ".port")
        : values.integer(l.port(), p + ".port", 0, 65535);
    if (protocol != null && port != null && !host.isBlank()) {
      ports.bind(protocol, host, port, p);
    }
    Integer instances = values.integer(l.instances(), p + ".instances", 1, ListenerConfig.MAX_INSTANCES);
    FramingConfig framing = this.framing.framing(l.framing(), p + ".framing", protocol);
    CodecConfig codec = codec(l.codec(), p + ".codec");
    String address = values.nonEmpty(values.required(l.address(), p + ".address"), p + ".address");
    Delivery delivery = l.delivery() == null
        ? ListenerConfig.DEFAULT_DELIVERY
        : values.choice(l.delivery(), p + ".delivery", Delivery.values(), Delivery::json);
    Duration replyTimeout = values.duration(l.replyTimeout(), p + ".replyTimeout", Duration.ofMillis(1),
        ListenerConfig.MAX_REPLY_TIMEOUT, ListenerConfig.DEFAULT_REPLY_TIMEOUT);
    OnErrorConfig onError = onError(l.onError(), p + ".onError");
    OversizePolicy onOversize = l.onOversize() == null
        ? ListenerConfig.DEFAULT_ON_OVERSIZE
        : values.choice(l.onOversize(), p + ".onOversize", OversizePolicy.values(), OversizePolicy::json);
    Integer maxInFlight = orDefault(
        values.integer(l.maxInFlight(), p + ".maxInFlight", 1, ListenerConfig.MAX_MAX_IN_FLIGHT),
        ListenerConfig.DEFAULT_MAX_IN_FLIGHT);

    // TCP only
    if (protocol == Protocol.UDP) {
      values.onlyFor(l.tcpNoDelay(), p + ".tcpNoDelay", "tcp listeners");
      values.onlyFor(l.keepAlive(), p + ".keepAlive", "tcp listeners");
      values.onlyFor(l.acceptBacklog(), p + ".acceptBacklog", "tcp listeners");
      values.onlyFor(l.idleTimeout(), p + ".idleTimeout", "tcp listeners");
    }
    boolean tcpNoDelay = orDefault(l.tcpNoDelay(), ListenerConfig.DEFAULT_TCP_NO_DELAY);
    boolean keepAlive = orDefault(l.keepAlive(), ListenerConfig.DEFAULT_KEEP_ALIVE);
    int acceptBacklog = orDefault(values.integer(l.acceptBacklog(), p + ".acceptBacklog", 1, 65535),
        ListenerConfig.DEFAULT_ACCEPT_BACKLOG);
    Duration idleTimeout = values.duration(l.idleTimeout(), p + ".idleTimeout", Duration.ZERO,
        ListenerConfig.MAX_IDLE_TIMEOUT, ListenerConfig.DEFAULT_IDLE_TIMEOUT);

    // both
    int receiveBufferSize = orDefault(values.size(l.receiveBufferSize(), p + ".receiveBufferSize",
        ListenerConfig.MIN_BUFFER_SIZE, ListenerConfig.MAX_BUFFER_SIZE), ListenerConfig.DEFAULT_BUFFER_SIZE);
    int sendBufferSize = orDefault(values.size(l.sendBufferSize(), p + ".sendBufferSize",
        ListenerConfig.MIN_BUFFER_SIZE, ListenerConfig.MAX_BUFFER_SIZE), ListenerConfig.DEFAULT_BUFFER_SIZE);

    // UDP only
    if (protocol == Protocol.TCP) {
      values.onlyFor(l.multicastGroup(), p + ".multicastGroup", "udp listeners");
      values.onlyFor(l.multicastInterface(), p + ".multicastInterface", "udp listeners");
      values.onlyFor(l.maxDatagramSize(), p + ".maxDatagramSize", "udp listeners");
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
        values.nonEmpty(multicastInterface, p + ".multicastInterface");
      }
    }
    int maxDatagramSize = orDefault(values.integer(l.maxDatagramSize(), p + ".maxDatagramSize", 1, 65535),
        ListenerConfig.DEFAULT_MAX_DATAGRAM_SIZE);

    boolean remoteBatching = orDefault(l.remoteBatching(), false);
    if (l.remoteBatching() != null && delivery == Delivery.PUBLISH) {
      errors.add(p + ".remoteBatching", "only for delivery request or send");
    }

    // TLS, TCP only: one error for a UDP listener, not one per key inside it
    TlsConfig tls = null;
    if (l.tls() != null) {
      if (protocol == Protocol.UDP) {
        values.onlyFor(l.tls(), p + ".tls", "tcp listeners");
      } else {
        tls = this.tls.tls(l.tls(), p + ".tls");
      }
    }

    ProxyProtocolConfig proxyProtocol = proxyProtocol(l, p, protocol);
    ListenerLimits limits = limits(l, p, protocol);

    if (errors.hasUnder(p)) {
      return null;
    }
    return new ListenerConfig(name, protocol, host, port, instances, framing, codec, address,
        delivery, replyTimeout, onError, onOversize, maxInFlight, tcpNoDelay, keepAlive,
        acceptBacklog, receiveBufferSize, sendBufferSize, idleTimeout, multicastGroup,
        multicastInterface, maxDatagramSize, remoteBatching, tls, proxyProtocol, limits);
  }

  /**
   * {@code proxyProtocol}, {@code trustedProxies}, {@code proxyProtocolTimeout}: TCP only; the list
   * is required, and not empty, with {@code proxyProtocol: true}, and refused without it, as is
   * the timeout (a list that does nothing would read as protection).
   */
  private ProxyProtocolConfig proxyProtocol(ConfigSpec.Listener l, String p, Protocol protocol) {
    if (protocol == Protocol.UDP) {
      values.onlyFor(l.proxyProtocol(), p + ".proxyProtocol", "tcp listeners");
      values.onlyFor(l.trustedProxies(), p + ".trustedProxies", "tcp listeners");
      values.onlyFor(l.proxyProtocolTimeout(), p + ".proxyProtocolTimeout", "tcp listeners");
      return null;
    }
    if (!orDefault(l.proxyProtocol(), false)) {
      values.onlyWith(l.trustedProxies(), p + ".trustedProxies", "proxyProtocol: true");
      values.onlyWith(l.proxyProtocolTimeout(), p + ".proxyProtocolTimeout", "proxyProtocol: true");
      return null;
    }
    Duration timeout = values.duration(l.proxyProtocolTimeout(), p + ".proxyProtocolTimeout",
        ProxyProtocolConfig.MIN_TIMEOUT, ProxyProtocolConfig.MAX_TIMEOUT, ProxyProtocolConfig.DEFAULT_TIMEOUT);
    if (l.trustedProxies() == null) {
      errors.add(p + ".trustedProxies", "required with proxyProtocol: true (the proxies' addresses, such as "
          + "[\"10.0.0.0/8\"])");
      return null;
    }
    if (l.trustedProxies().isEmpty()) {
      errors.add(p + ".trustedProxies", "must not be empty with proxyProtocol: true");
      return null;
    }
    List<CidrRange> trusted = values.cidrRanges(l.trustedProxies(), p + ".trustedProxies");
    return timeout == null || errors.hasUnder(p + ".trustedProxies") ? null
        : new ProxyProtocolConfig(trusted, timeout);
  }

  /** The admission and limit keys, flat on the listener; null when one failed. */
  private ListenerLimits limits(ConfigSpec.Listener l, String p, Protocol protocol) {
    if (protocol == Protocol.UDP) {
      values.onlyFor(l.maxConnections(), p + ".maxConnections", "tcp listeners");
      values.onlyFor(l.maxConnectionsPerSource(), p + ".maxConnectionsPerSource", "tcp listeners");
      values.onlyFor(l.frameTimeout(), p + ".frameTimeout", "tcp listeners");
      values.onlyFor(l.maxConnectionAge(), p + ".maxConnectionAge", "tcp listeners");
      values.onlyFor(l.maxFramesPerSecond(), p + ".maxFramesPerSecond", "tcp listeners");
    }
    if (protocol == Protocol.TCP) {
      values.onlyFor(l.maxDatagramsPerSecondPerSource(), p + ".maxDatagramsPerSecondPerSource", "udp listeners");
    }
    List<CidrRange> allow = orDefault(values.cidrRanges(l.allow(), p + ".allow"), List.of());
    List<CidrRange> deny = orDefault(values.cidrRanges(l.deny(), p + ".deny"), List.of());
    Integer maxConnections = orDefault(values.integer(l.maxConnections(), p + ".maxConnections", 1,
        ListenerLimits.MAX_CONNECTIONS), ListenerLimits.DEFAULT_MAX_CONNECTIONS);
    Integer perSource = orDefault(values.integer(l.maxConnectionsPerSource(), p + ".maxConnectionsPerSource", 0,
        ListenerLimits.MAX_CONNECTIONS), ListenerLimits.DEFAULT_MAX_CONNECTIONS_PER_SOURCE);
    Integer ipv6Prefix = orDefault(values.integer(l.ipv6SourcePrefix(), p + ".ipv6SourcePrefix", 1, 128),
        ListenerLimits.DEFAULT_IPV6_SOURCE_PREFIX);
    Duration frameTimeout = values.duration(l.frameTimeout(), p + ".frameTimeout", Duration.ZERO,
        ListenerLimits.MAX_TIME_LIMIT, ListenerLimits.DEFAULT_FRAME_TIMEOUT);
    Duration maxAge = values.duration(l.maxConnectionAge(), p + ".maxConnectionAge", Duration.ZERO,
        ListenerLimits.MAX_TIME_LIMIT, ListenerLimits.DEFAULT_MAX_CONNECTION_AGE);
    Integer framesPerSecond = orDefault(values.integer(l.maxFramesPerSecond(), p + ".maxFramesPerSecond", 0,
        ListenerLimits.MAX_RATE), ListenerLimits.DEFAULT_RATE);
    Integer datagramsPerSecond = orDefault(values.integer(l.maxDatagramsPerSecondPerSource(),
        p + ".maxDatagramsPerSecondPerSource", 0, ListenerLimits.MAX_RATE), ListenerLimits.DEFAULT_RATE);
    if (errors.hasUnder(p + ".allow") || errors.hasUnder(p + ".deny") || frameTimeout == null || maxAge == null) {
      return null;
    }
    return new ListenerLimits(allow, deny, maxConnections, perSource, ipv6Prefix, frameTimeout, maxAge,
        framesPerSecond, datagramsPerSecond);
  }

  private CodecConfig codec(ConfigSpec.Codec c, String p) {
    if (c == null) {
      return CodecConfig.of(CodecType.BYTES);
    }
    CodecType type = c.type() == null
        ? CodecType.BYTES
        : values.choice(c.type(), p + ".type", CodecType.values(), CodecType::json);
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
        : values.choice(o.action(), p + ".action", ErrorAction.values(), ErrorAction::json);
    if (o.errorFrame() != null && action != null && action != ErrorAction.ERROR_FRAME) {
      errors.add(p + ".errorFrame", "only for action " + ErrorAction.ERROR_FRAME.json());
    }
    String errorFrame = o.errorFrame() == null ? OnErrorConfig.DEFAULT_ERROR_FRAME : o.errorFrame();
    return action == null ? null : new OnErrorConfig(action, errorFrame);
  }
}
