package dev.framewire.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * The configuration exactly as written, bound by Jackson before validation: every field nullable
 * (null = not set; an explicit JSON {@code null} means the same), numbers wide enough to report any
 * out-of-range value, and durations and sizes left as JSON so their text can be quoted in errors.
 * Record component names are the JSON keys; their order is the order listed in "unknown key"
 * errors. {@link ConfigValidator} turns these into the resolved records.
 */
final class ConfigSpec {
  private ConfigSpec() {
  }

  record Root(
      List<Listener> listeners,
      List<Handler> handlers,
      JsonNode shutdownGrace,
      Long eventLoops,
      Cluster cluster,
      Bridge bridge,
      Http http,
      Log log,
      Limits limits) {
  }

  record Listener(
      String name,
      String protocol,
      String host,
      Long port,
      Long instances,
      Framing framing,
      Codec codec,
      String address,
      String delivery,
      JsonNode replyTimeout,
      OnError onError,
      String onOversize,
      Long maxInFlight,
      Boolean tcpNoDelay,
      Boolean keepAlive,
      Long acceptBacklog,
      JsonNode receiveBufferSize,
      JsonNode sendBufferSize,
      JsonNode idleTimeout,
      String multicastGroup,
      String multicastInterface,
      Long maxDatagramSize,
      Boolean remoteBatching,
      Tls tls,
      Boolean proxyProtocol,
      List<String> trustedProxies,
      JsonNode proxyProtocolTimeout,
      List<String> allow,
      List<String> deny,
      Long maxConnections,
      Long maxConnectionsPerSource,
      Long ipv6SourcePrefix,
      JsonNode frameTimeout,
      JsonNode maxConnectionAge,
      Long maxFramesPerSecond,
      Long maxDatagramsPerSecondPerSource) {
  }

  /** A TCP listener's {@code "tls": {...}}: the certificate as PEM files or a key store, and options. */
  record Tls(
      String certPath,
      String keyPath,
      String keyStorePath,
      String keyStorePassword,
      String keyStoreType,
      String clientAuth,
      String trustPath,
      List<String> protocols,
      JsonNode handshakeTimeout,
      List<TlsPair> certificates,
      JsonNode reloadInterval) {
  }

  /** One entry of {@code tls.certificates}: a PEM certificate chain and its key. */
  record TlsPair(String certPath, String keyPath) {
  }

  /** {@code "framing": "lines"} is short for {@code "framing": {"type": "lines"}}. */
  record Framing(
      String type,
      JsonNode maxLength,
      String delimiter,
      Long size,
      Long headerBytes,
      String byteOrder,
      Boolean lengthIncludesHeader) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    Framing {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Framing ofType(String type) {
      return new Framing(type, null, null, null, null, null, null);
    }
  }

  /** {@code "codec": "text"} is short for {@code "codec": {"type": "text"}}. */
  record Codec(String type, String charset) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    Codec {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Codec ofType(String type) {
      return new Codec(type, null);
    }
  }

  /** {@code "onError": "close"} is short for {@code "onError": {"action": "close"}}. */
  record OnError(String action, String errorFrame) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    OnError {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OnError ofAction(String action) {
      return new OnError(action, null);
    }
  }

  record Handler(
      String type,
      String address,
      Long instances,
      JsonNode delay,
      String template,
      String file,
      String className,
      ObjectNode config) {
  }

  /** {@code "cluster": {...}}; {@code properties} is checked entry by entry by the validator. */
  record Cluster(
      Boolean enabled,
      String name,
      String host,
      String publicHost,
      Long port,
      Long eventBusPort,
      List<String> members,
      Boolean multicast,
      JsonNode failureTimeout,
      String hazelcastConfig,
      ObjectNode properties,
      ClusterTls tls) {
  }

  /** {@code "cluster": {"tls": {...}}}: this node's PEM certificate and key, and the cluster CA. */
  record ClusterTls(String certPath, String keyPath, String caPath) {
  }

  /** {@code "http": {...}}. */
  record Http(
      String host,
      Long port,
      String token,
      Boolean actions,
      Boolean tail) {
  }

  /** {@code "limits": {"maxConnections": 50000}}. */
  record Limits(Long maxConnections) {
  }

  /** {@code "log": {"format": "json", "level": "DEBUG", "payloads": false}}. */
  record Log(String format, String level, Boolean payloads) {
  }

  /** {@code "bridge": {...}}. */
  record Bridge(
      String host,
      Long port,
      List<Permitted> inbound,
      List<Permitted> outbound,
      JsonNode maxFrameLength,
      Tls tls) {
  }

  /**
   * One {@code inbound} or {@code outbound} entry: {@code "framewire.polyglot"} (a {@link Named}) or
   * {@code {"address": ...}} / {@code {"addressRegex": ...}} (a {@link PermittedObject}). Two types,
   * so that an error in the short form is reported at the entry and one in the object at its key.
   */
  @JsonDeserialize(using = PermittedDeserializer.class)
  sealed interface Permitted permits Named, PermittedObject {
  }

  /** The short form: an exact address written as a plain string. */
  @JsonDeserialize(using = JsonDeserializer.None.class)
  record Named(String address) implements Permitted {
  }

  /** The object form; bound as a plain record (not through the interface's deserializer). */
  @JsonDeserialize(using = JsonDeserializer.None.class)
  record PermittedObject(String address, String addressRegex) implements Permitted {
  }

  /** A string becomes a {@link Named}, an object a {@link PermittedObject}; anything else is a type error. */
  static final class PermittedDeserializer extends StdDeserializer<Permitted> {
    private static final long serialVersionUID = 1L;

    PermittedDeserializer() {
      super(Permitted.class);
    }

    @Override
    public Permitted deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_STRING -> new Named(p.getText());
        case START_OBJECT, END_OBJECT, FIELD_NAME -> ctxt.readValue(p, PermittedObject.class);
        default -> (Permitted) ctxt.handleUnexpectedToken(Permitted.class, p);
      };
    }
  }
}
