package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation and binding error, with its exact message. Snippets are JSON written with
 * {@code '} for {@code "}; listener and handler snippets are merged into a minimal valid one
 * (an explicit null removes a key: null means "not set").
 */
class ConfigErrorsTest {
  static final String ROOT_KEYS = "listeners, handlers, shutdownGrace, eventLoops, cluster, bridge, http, log, limits";
  private static final String LISTENER_KEYS = "name, protocol, host, port, instances, framing, codec, "
      + "address, delivery, replyTimeout, onError, onOversize, maxInFlight, tcpNoDelay, keepAlive, "
      + "acceptBacklog, receiveBufferSize, sendBufferSize, idleTimeout, multicastGroup, "
      + "multicastInterface, maxDatagramSize, remoteBatching, tls, proxyProtocol, trustedProxies, "
      + "proxyProtocolTimeout, allow, deny, maxConnections, "
      + "maxConnectionsPerSource, ipv6SourcePrefix, frameTimeout, maxConnectionAge, maxFramesPerSecond, "
      + "maxDatagramsPerSecondPerSource";

  static Stream<Arguments> listenerErrors() {
    return Stream.of(
        // binding: unknown keys and wrong JSON types
        tcp("'prot': 'tcp'", "listeners[0].prot: unknown key (known: " + LISTENER_KEYS + ")"),
        tcp("'port': 'abc'", "listeners[0].port: must be an integer (was \"abc\")"),
        tcp("'port': '7000'", "listeners[0].port: must be an integer (was \"7000\")"),
        tcp("'port': 80.5", "listeners[0].port: must be an integer (was 80.5)"),
        tcp("'port': 80.0", "listeners[0].port: must be an integer (was 80.0)"),
        tcp("'port': true", "listeners[0].port: must be an integer (was true)"),
        tcp("'port': [1]", "listeners[0].port: must be an integer (was [1])"),
        tcp("'host': 5", "listeners[0].host: must be a string (was 5)"),
        tcp("'name': {'a': 1}", "listeners[0].name: must be a string (was {\"a\":1})"),
        tcp("'tcpNoDelay': 'yes'", "listeners[0].tcpNoDelay: must be true or false (was \"yes\")"),
        tcp("'keepAlive': 1", "listeners[0].keepAlive: must be true or false (was 1)"),
        tcp("'port': 99999999999999999999999",
            "listeners[0].port: out of range (was 99999999999999999999999)"),
        // required, names, protocol, host, port, instances, address
        tcp("'name': null", "listeners[0].name: required"),
        tcp("'name': 'my listener'", "listeners[0].name: must match [A-Za-z0-9._-]{1,64} (was \"my listener\")"),
        tcp("'name': ''", "listeners[0].name: must match [A-Za-z0-9._-]{1,64} (was \"\")"),
        tcp("'name': '" + "n".repeat(65) + "'",
            "listeners[0].name: must match [A-Za-z0-9._-]{1,64} (was \"" + "n".repeat(56) + "...)"),
        // names whose port override would be the cluster's or the bridge's
        tcp("'name': 'cluster'", "listeners[0].name: reserved: its port override FRAMEWIRE_CLUSTER_PORT sets "
            + "the cluster port (was \"cluster\")"),
        tcp("'name': 'Bridge'", "listeners[0].name: reserved: its port override FRAMEWIRE_BRIDGE_PORT sets "
            + "the bridge port (was \"Bridge\")"),
        tcp("'name': 'CLUSTER', 'port': 70000", "listeners[0].name: reserved: its port override "
            + "FRAMEWIRE_CLUSTER_PORT sets the cluster port (was \"CLUSTER\")",
            "listeners[0].port: must be between 0 and 65535 (was 70000)"),
        tcp("'protocol': null", "listeners[0].protocol: required"),
        tcp("'protocol': 'TCP'", "listeners[0].protocol: must be one of tcp, udp (was \"TCP\")"),
        tcp("'protocol': 'sctp', 'tcpNoDelay': true, 'multicastGroup': '239.1.1.1'",
            "listeners[0].protocol: must be one of tcp, udp (was \"sctp\")"),
        tcp("'host': ''", "listeners[0].host: must not be empty"),
        tcp("'host': ' '", "listeners[0].host: must not be empty"),
        tcp("'port': null", "listeners[0].port: required"),
        tcp("'port': 70000", "listeners[0].port: must be between 0 and 65535 (was 70000)"),
        tcp("'port': -1", "listeners[0].port: must be between 0 and 65535 (was -1)"),
        tcp("'port': 9999999999", "listeners[0].port: must be between 0 and 65535 (was 9999999999)"),
        tcp("'instances': 0", "listeners[0].instances: must be between 1 and 1024 (was 0)"),
        tcp("'instances': 1025", "listeners[0].instances: must be between 1 and 1024 (was 1025)"),
        tcp("'address': null", "listeners[0].address: required"),
        tcp("'address': ''", "listeners[0].address: must not be empty"),
        // delivery, replyTimeout, onError, onOversize, maxInFlight
        tcp("'delivery': 'push'", "listeners[0].delivery: must be one of request, send, publish (was \"push\")"),
        tcp("'replyTimeout': 'soon'",
            "listeners[0].replyTimeout: must be a duration like 250ms, 30s or 5m (was \"soon\")"),
        tcp("'replyTimeout': 30",
            "listeners[0].replyTimeout: must be a duration like 250ms, 30s or 5m (was 30)"),
        tcp("'replyTimeout': '-1s'",
            "listeners[0].replyTimeout: must be a duration like 250ms, 30s or 5m (was \"-1s\")"),
        tcp("'replyTimeout': true",
            "listeners[0].replyTimeout: must be a duration like 250ms, 30s or 5m (was true)"),
        tcp("'replyTimeout': 0", "listeners[0].replyTimeout: must be between 1ms and 1h (was 0)"),
        tcp("'replyTimeout': '0ms'", "listeners[0].replyTimeout: must be between 1ms and 1h (was \"0ms\")"),
        tcp("'replyTimeout': '61m'", "listeners[0].replyTimeout: must be between 1ms and 1h (was \"61m\")"),
        tcp("'onError': 'explode'",
            "listeners[0].onError.action: must be one of error-frame, close, drop (was \"explode\")"),
        tcp("'onError': {'action': 'close', 'errorFrame': 'ERR'}",
            "listeners[0].onError.errorFrame: only for action error-frame"),
        tcp("'onError': {'actoin': 'close'}",
            "listeners[0].onError.actoin: unknown key (known: action, errorFrame)"),
        tcp("'onError': 5", "listeners[0].onError: must be a string or an object (was 5)"),
        tcp("'onError': ['close']", "listeners[0].onError: must be a string or an object (was [\"close\"])"),
        tcp("'onOversize': 'grow'",
            "listeners[0].onOversize: must be one of close, skip, truncate (was \"grow\")"),
        tcp("'maxInFlight': 0", "listeners[0].maxInFlight: must be between 1 and 65536 (was 0)"),
        tcp("'maxInFlight': 65537", "listeners[0].maxInFlight: must be between 1 and 65536 (was 65537)"),
        // codec
        tcp("'codec': 'xml'", "listeners[0].codec.type: must be one of bytes, text, json (was \"xml\")"),
        tcp("'codec': {'type': 'text', 'charset': 'UTF-9'}", "listeners[0].codec.charset: unknown charset \"UTF-9\""),
        tcp("'codec': {'charset': 'not a charset!'}",
            "listeners[0].codec.charset: unknown charset \"not a charset!\""),
        tcp("'codec': {'type': 'text', 'cs': 'x'}", "listeners[0].codec.cs: unknown key (known: type, charset)"),
        tcp("'codec': 1", "listeners[0].codec: must be a string or an object (was 1)"),
        // TCP tuning
        udp("'tcpNoDelay': false, 'keepAlive': true, 'acceptBacklog': 128, 'idleTimeout': '1m'",
            "listeners[0].tcpNoDelay: only for tcp listeners",
            "listeners[0].keepAlive: only for tcp listeners",
            "listeners[0].acceptBacklog: only for tcp listeners",
            "listeners[0].idleTimeout: only for tcp listeners"),
        udp("'acceptBacklog': 0", "listeners[0].acceptBacklog: only for tcp listeners"),
        tcp("'acceptBacklog': 0", "listeners[0].acceptBacklog: must be between 1 and 65535 (was 0)"),
        tcp("'idleTimeout': '25h'", "listeners[0].idleTimeout: must be between 0 and 24h (was \"25h\")"),
        tcp("'idleTimeout': 'never'",
            "listeners[0].idleTimeout: must be a duration like 250ms, 30s or 5m (was \"never\")"),
        // PROXY protocol (TCP only)
        tcp("'proxyProtocol': true", "listeners[0].trustedProxies: required with proxyProtocol: true (the "
            + "proxies' addresses, such as [\"10.0.0.0/8\"])"),
        tcp("'proxyProtocol': true, 'trustedProxies': []",
            "listeners[0].trustedProxies: must not be empty with proxyProtocol: true"),
        tcp("'proxyProtocol': true, 'trustedProxies': ['10.0.0.0/8', 'lb.example', '10.0.0.0/33', null]",
            "listeners[0].trustedProxies[1]: not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32 "
                + "(was \"lb.example\")",
            "listeners[0].trustedProxies[2]: prefix must be between 0 and 32 for an IPv4 address (was \"10.0.0.0/33\")",
            "listeners[0].trustedProxies[3]: must be a CIDR range such as 10.0.0.0/8 (was null)"),
        tcp("'trustedProxies': ['10.0.0.0/8']", "listeners[0].trustedProxies: only with proxyProtocol: true"),
        tcp("'proxyProtocol': false, 'trustedProxies': ['10.0.0.0/8'], 'proxyProtocolTimeout': '1s'",
            "listeners[0].trustedProxies: only with proxyProtocol: true",
            "listeners[0].proxyProtocolTimeout: only with proxyProtocol: true"),
        tcp("'proxyProtocol': true, 'trustedProxies': ['::1'], 'proxyProtocolTimeout': 0",
            "listeners[0].proxyProtocolTimeout: must be between 1ms and 5m (was 0)"),
        tcp("'proxyProtocol': true, 'trustedProxies': ['::1'], 'proxyProtocolTimeout': '6m'",
            "listeners[0].proxyProtocolTimeout: must be between 1ms and 5m (was \"6m\")"),
        tcp("'proxyProtocol': 'yes'", "listeners[0].proxyProtocol: must be true or false (was \"yes\")"),
        tcp("'proxyProtocol': true, 'trustedProxies': '10.0.0.0/8'",
            "listeners[0].trustedProxies: must be an array (was \"10.0.0.0/8\")"),
        udp("'proxyProtocol': true, 'trustedProxies': ['10.0.0.0/8'], 'proxyProtocolTimeout': '1s'",
            "listeners[0].proxyProtocol: only for tcp listeners",
            "listeners[0].trustedProxies: only for tcp listeners",
            "listeners[0].proxyProtocolTimeout: only for tcp listeners"),
        // admission and limits
        udp("'maxConnections': 5, 'maxConnectionsPerSource': 5, 'frameTimeout': '1s', 'maxConnectionAge': '1h',"
            + " 'maxFramesPerSecond': 5",
            "listeners[0].maxConnections: only for tcp listeners",
            "listeners[0].maxConnectionsPerSource: only for tcp listeners",
            "listeners[0].frameTimeout: only for tcp listeners",
            "listeners[0].maxConnectionAge: only for tcp listeners",
            "listeners[0].maxFramesPerSecond: only for tcp listeners"),
        tcp("'maxDatagramsPerSecondPerSource': 5",
            "listeners[0].maxDatagramsPerSecondPerSource: only for udp listeners"),
        tcp("'allow': ['10.0.0.0/8', 'example.com', '10.0.0.0/33']",
            "listeners[0].allow[1]: not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32 "
                + "(was \"example.com\")",
            "listeners[0].allow[2]: prefix must be between 0 and 32 for an IPv4 address (was \"10.0.0.0/33\")"),
        udp("'deny': [null]", "listeners[0].deny[0]: must be a CIDR range such as 10.0.0.0/8 (was null)"),
        tcp("'deny': '10.0.0.0/8'", "listeners[0].deny: must be an array (was \"10.0.0.0/8\")"),
        tcp("'maxConnections': 0", "listeners[0].maxConnections: must be between 1 and 10000000 (was 0)"),
        tcp("'maxConnectionsPerSource': -1",
            "listeners[0].maxConnectionsPerSource: must be between 0 and 10000000 (was -1)"),
        tcp("'ipv6SourcePrefix': 0", "listeners[0].ipv6SourcePrefix: must be between 1 and 128 (was 0)"),
        udp("'ipv6SourcePrefix': 129", "listeners[0].ipv6SourcePrefix: must be between 1 and 128 (was 129)"),
        tcp("'frameTimeout': 'soon'",
            "listeners[0].frameTimeout: must be a duration like 250ms, 30s or 5m (was \"soon\")"),
        tcp("'maxConnectionAge': '25h'", "listeners[0].maxConnectionAge: must be between 0 and 24h (was \"25h\")"),
        tcp("'maxFramesPerSecond': 10000001",
            "listeners[0].maxFramesPerSecond: must be between 0 and 10000000 (was 10000001)"),
        udp("'maxDatagramsPerSecondPerSource': -5",
            "listeners[0].maxDatagramsPerSecondPerSource: must be between 0 and 10000000 (was -5)"),
        // buffers (both protocols)
        tcp("'receiveBufferSize': 512",
            "listeners[0].receiveBufferSize: must be between 1024 and 67108864 (was 512)"),
        udp("'sendBufferSize': '128MiB'",
            "listeners[0].sendBufferSize: must be between 1024 and 67108864 (was \"128MiB\")"),
        tcp("'receiveBufferSize': '64KB'",
            "listeners[0].receiveBufferSize: must be a size like 65536, 64KiB or 1MiB (was \"64KB\")"),
        tcp("'sendBufferSize': 1.5",
            "listeners[0].sendBufferSize: must be a size like 65536, 64KiB or 1MiB (was 1.5)"),
        tcp("'sendBufferSize': -1", "listeners[0].sendBufferSize: must be between 1024 and 67108864 (was -1)"),
        // UDP only
        tcp("'multicastGroup': '239.1.1.1', 'multicastInterface': 'eth0', 'maxDatagramSize': 1500",
            "listeners[0].multicastGroup: only for udp listeners",
            "listeners[0].multicastInterface: only for udp listeners",
            "listeners[0].maxDatagramSize: only for udp listeners"),
        tcp("'multicastInterface': 'eth0'", "listeners[0].multicastInterface: only for udp listeners"),
        udp("'multicastGroup': '10.0.0.1'",
            "listeners[0].multicastGroup: must be a multicast IP address such as 239.1.2.3 or ff02::1 (was \"10.0.0.1\")"),
        udp("'multicastGroup': '224.0.0.256'",
            "listeners[0].multicastGroup: must be a multicast IP address such as 239.1.2.3 or ff02::1 (was \"224.0.0.256\")"),
        udp("'multicastGroup': 'fe80::1'",
            "listeners[0].multicastGroup: must be a multicast IP address such as 239.1.2.3 or ff02::1 (was \"fe80::1\")"),
        udp("'multicastGroup': 'ff02::1::2'",
            "listeners[0].multicastGroup: must be a multicast IP address such as 239.1.2.3 or ff02::1 (was \"ff02::1::2\")"),
        udp("'multicastGroup': 'mcast.example.com'",
            "listeners[0].multicastGroup: must be a multicast IP address such as 239.1.2.3 or ff02::1 (was \"mcast.example.com\")"),
        udp("'multicastInterface': 'eth0'", "listeners[0].multicastInterface: only with multicastGroup"),
        udp("'multicastGroup': '239.1.1.1', 'multicastInterface': ''",
            "listeners[0].multicastInterface: must not be empty"),
        udp("'maxDatagramSize': 0", "listeners[0].maxDatagramSize: must be between 1 and 65535 (was 0)"),
        tcp("'delivery': 'publish', 'remoteBatching': true", "listeners[0].remoteBatching: only for delivery request or send"),
        tcp("'remoteBatching': 'yes'", "listeners[0].remoteBatching: must be true or false (was \"yes\")"),
        udp("'maxDatagramSize': 65536", "listeners[0].maxDatagramSize: must be between 1 and 65535 (was 65536)"));
  }

  static Stream<Arguments> framingErrors() {
    return Stream.of(
        tcp("'framing': {'type': 'zigzag'}", "listeners[0].framing.type: must be one of raw, delimited, "
            + "lines, fixed, length-prefixed, octet-counting, datagram (was \"zigzag\")"),
        tcp("'framing': 'zigzag', 'protocol': 'udp'", "listeners[0].framing.type: must be one of raw, "
            + "delimited, lines, fixed, length-prefixed, octet-counting, datagram (was \"zigzag\")"),
        tcp("'framing': {'length': 4}", "listeners[0].framing.length: unknown key (known: type, maxLength, "
            + "delimiter, size, headerBytes, byteOrder, lengthIncludesHeader)"),
        tcp("'framing': 5", "listeners[0].framing: must be a string or an object (was 5)"),
        tcp("'framing': {'maxLength': 0}",
            "listeners[0].framing.maxLength: must be between 1 and 16777216 (was 0)"),
        tcp("'framing': {'maxLength': '32MiB'}",
            "listeners[0].framing.maxLength: must be between 1 and 16777216 (was \"32MiB\")"),
        tcp("'framing': {'maxLength': 'lots'}",
            "listeners[0].framing.maxLength: must be a size like 65536, 64KiB or 1MiB (was \"lots\")"),
        tcp("'framing': {'type': 'fixed'}", "listeners[0].framing.size: required for framing type fixed"),
        tcp("'framing': {'type': 'fixed', 'size': 0}",
            "listeners[0].framing.size: must be between 1 and 65536 (was 0)"),
        tcp("'framing': {'type': 'fixed', 'size': 100, 'maxLength': 64}",
            "listeners[0].framing.size: must be between 1 and 64 (was 100)"),
        tcp("'framing': {'type': 'fixed', 'size': '16'}",
            "listeners[0].framing.size: must be an integer (was \"16\")"),
        tcp("'framing': {'type': 'length-prefixed', 'headerBytes': 3}",
            "listeners[0].framing.headerBytes: must be one of 1, 2, 4, 8 (was 3)"),
        tcp("'framing': {'type': 'length-prefixed', 'byteOrder': 'middle'}",
            "listeners[0].framing.byteOrder: must be one of big, little (was \"middle\")"),
        tcp("'framing': {'type': 'length-prefixed', 'lengthIncludesHeader': 'no'}",
            "listeners[0].framing.lengthIncludesHeader: must be true or false (was \"no\")"),
        tcp("'framing': {'type': 'delimited', 'size': 4}",
            "listeners[0].framing.size: not used by framing type delimited"),
        tcp("'framing': {'type': 'lines', 'delimiter': '\\r\\n'}",
            "listeners[0].framing.delimiter: not used by framing type lines"),
        tcp("'framing': {'type': 'raw', 'headerBytes': 2, 'byteOrder': 'big', 'lengthIncludesHeader': false}",
            "listeners[0].framing.headerBytes: not used by framing type raw",
            "listeners[0].framing.byteOrder: not used by framing type raw",
            "listeners[0].framing.lengthIncludesHeader: not used by framing type raw"),
        tcp("'framing': {'type': 'octet-counting', 'delimiter': ' '}",
            "listeners[0].framing.delimiter: not used by framing type octet-counting"),
        tcp("'framing': {'type': 'delimited', 'delimiter': ''}",
            "listeners[0].framing.delimiter: must be between 1 and 16 bytes (was \"\", 0 bytes)"),
        tcp("'framing': {'type': 'delimited', 'delimiter': '0123456789abcdef€'}",
            "listeners[0].framing.delimiter: must be between 1 and 16 bytes (was \"0123456789abcdef€\", 19 bytes)"),
        tcp("'framing': {'type': 'delimited', 'delimiter': '\\\\q'}",
            "listeners[0].framing.delimiter: unknown escape \\q (known: \\n \\r \\t \\0 \\\\ \\xHH \\uHHHH) (was \"\\\\q\")"),
        tcp("'framing': {'type': 'delimited', 'delimiter': '\\\\x4'}",
            "listeners[0].framing.delimiter: \\x needs 2 hex digits (was \"\\\\x4\")"),
        udp("'framing': {'type': 'lines'}",
            "listeners[0].framing.type: udp listeners frame each datagram: use \"datagram\" (was \"lines\")"),
        udp("'framing': 'raw'",
            "listeners[0].framing.type: udp listeners frame each datagram: use \"datagram\" (was \"raw\")"),
        tcp("'framing': {'type': 'datagram'}", "listeners[0].framing.type: \"datagram\" is only for udp listeners"));
  }

  static Stream<Arguments> handlerErrors() {
    return Stream.of(
        handler("'type': null", "handlers[0].type: required"),
        handler("'type': 'mirror'",
            "handlers[0].type: must be one of echo, template, broadcast, log, verticle (was \"mirror\")"),
        handler("'address': null", "handlers[0].address: required"),
        handler("'address': ''", "handlers[0].address: must not be empty"),
        handler("'instances': 0", "handlers[0].instances: must be between 1 and 1024 (was 0)"),
        handler("'adress': 'x'", "handlers[0].adress: unknown key (known: type, address, instances, delay, "
            + "template, file, className, config)"),
        handler("'delay': '2h'", "handlers[0].delay: must be between 0 and 1h (was \"2h\")"),
        handler("'delay': 'later'", "handlers[0].delay: must be a duration like 250ms, 30s or 5m (was \"later\")"),
        handler("'template': 'x', 'file': 'f', 'className': 'a.B', 'config': {}",
            "handlers[0].template: only for template handlers",
            "handlers[0].file: only for log handlers",
            "handlers[0].className: only for verticle handlers",
            "handlers[0].config: only for verticle handlers"),
        handler("'type': 'template', 'delay': '1s'", "handlers[0].delay: only for echo handlers"),
        handler("'type': 'template', 'template': 5", "handlers[0].template: must be a string (was 5)"),
        handler("'type': 'log', 'file': ''", "handlers[0].file: must not be empty"),
        handler("'type': 'verticle'", "handlers[0].className: required for verticle handlers"),
        handler("'type': 'verticle', 'className': '3bad.Name'",
            "handlers[0].className: must be a Java class name like com.example.MyVerticle (was \"3bad.Name\")"),
        handler("'type': 'verticle', 'className': 'com.example.'",
            "handlers[0].className: must be a Java class name like com.example.MyVerticle (was \"com.example.\")"),
        handler("'type': 'verticle', 'className': 'com.example.My Verticle'",
            "handlers[0].className: must be a Java class name like com.example.MyVerticle (was \"com.example.My Verticle\")"),
        handler("'type': 'verticle', 'className': 'a.B', 'config': 'x'",
            "handlers[0].config: must be an object (was \"x\")"),
        handler("'type': 'verticle', 'className': 'a.B', 'config': [1]",
            "handlers[0].config: must be an object (was [1])"));
  }

  static Stream<Arguments> topLevelErrors() {
    return Stream.of(
        root("{}", "listeners: at least one listener or handler is required"),
        root("{'listeners': [], 'handlers': []}", "listeners: at least one listener or handler is required"),
        root("{'listeners': null}", "listeners: at least one listener or handler is required"),
        root("{'listner': []}",
            "listner: unknown key (known: " + ROOT_KEYS + ")",
            "listeners: at least one listener or handler is required"),
        root("{'listeners': 'x'}", "listeners: must be an array (was \"x\")"),
        root("{'listeners': {'name': 'a'}}", "listeners: must be an array (was {\"name\":\"a\"})"),
        root("{'handlers': 5}", "handlers: must be an array (was 5)"),
        root("{'handlers': [{'type': 'echo', 'address': 'a'}], 'http': {'port': 1, 'token': 'too short'}}",
            "http.token: must be at least 16 characters (was 9)"),
        root("{'handlers': [{'type': 'echo', 'address': 'a'}], 'http': {'port': 1, 'token': '                '}}",
            "http.token: must not be blank"),
        root("{'listeners': [5]}", "listeners[0]: must be an object (was 5)"),
        root("{'listeners': [null]}", "listeners[0]: must be an object (was null)"),
        root("{'handlers': ['echo']}", "handlers[0]: must be an object (was \"echo\")"),
        root("{'handlers': [null]}", "handlers[0]: must be an object (was null)"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'shutdownGrace': '11m'}",
            "shutdownGrace: must be between 0 and 10m (was \"11m\")"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'shutdownGrace': 10}",
            "shutdownGrace: must be a duration like 250ms, 30s or 5m (was 10)"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'eventLoops': 0}",
            "eventLoops: must be between 1 and 256 (was 0)"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'eventLoops': 257}",
            "eventLoops: must be between 1 and 256 (was 257)"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'eventLoops': '4'}",
            "eventLoops: must be an integer (was \"4\")"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'limits': {'maxConnections': 0}}",
            "limits.maxConnections: must be between 1 and 100000000 (was 0)"),
        root("{'handlers': [{'type': 'broadcast', 'address': 'a'}], 'limits': {'maxConnection': 5}}",
            "limits.maxConnection: unknown key (known: maxConnections)"));
  }

  static Stream<Arguments> crossListenerErrors() {
    return Stream.of(
        listeners("{'name': 'a', 'protocol': 'tcp', 'port': 7000, 'address': 'x'}",
            "{'name': 'b', 'protocol': 'tcp', 'port': 7001, 'address': 'x'}",
            "{'name': 'a', 'protocol': 'udp', 'port': 7002, 'address': 'x'}",
            "listeners[2].name: duplicate of listeners[0]"),
        listeners("{'name': 'a', 'protocol': 'tcp', 'port': 7000, 'address': 'x'}",
            "{'name': 'b', 'protocol': 'tcp', 'port': 7000, 'address': 'x'}",
            "listeners[1].port: tcp port 7000 on 127.0.0.1 is already used by listeners[0]"),
        listeners("{'name': 'a', 'protocol': 'udp', 'host': '::', 'port': 9, 'address': 'x'}",
            "{'name': 'b', 'protocol': 'tcp', 'host': '::', 'port': 9, 'address': 'x'}",
            "{'name': 'c', 'protocol': 'udp', 'host': '::', 'port': 9, 'address': 'x'}",
            "listeners[2].port: udp port 9 on :: is already used by listeners[0]"),
        listeners("{'name': 'a', 'protocol': 'tcp', 'host': 'localhost', 'port': 9, 'address': 'x'}",
            "{'name': 'b', 'protocol': 'tcp', 'host': 'LOCALHOST', 'port': 9, 'address': 'x'}",
            "listeners[1].port: tcp port 9 on LOCALHOST is already used by listeners[0]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"listenerErrors", "framingErrors", "handlerErrors", "topLevelErrors", "crossListenerErrors"})
  void reportsExactly(String json, List<String> expected) {
    assertThat(errorsOf(json)).containsExactlyElementsOf(expected);
  }

  @Test
  void listsEveryErrorAtOnce() {
    String json = """
        {
          "shutdownGrace": "forever",
          "colour": "blue",
          "listeners": [
            {"name": "a", "protocol": "tcp", "port": "x", "prot": "udp", "address": "",
             "framing": {"type": "length-prefixed", "headerBytes": 3, "maxLength": 0, "size": 2},
             "codec": {"type": "text", "charset": "UTF-9"}, "replyTimeout": "soon"},
            {"name": "a", "protocol": "udp", "port": 70000, "address": "b", "keepAlive": true,
             "framing": "lines"},
            {"name": "c", "protocol": "tcp", "port": 7000, "address": "c"},
            {"name": "d", "protocol": "tcp", "port": 7000, "address": "d"}
          ],
          "handlers": [
            {"type": "echo", "address": "a", "delay": "2h", "file": "x"},
            {"type": "verticle", "address": "v", "config": "no"}
          ]
        }
        """;
    assertThat(errorsOf(json)).containsExactly(
        // found while binding (Jackson reports a record's unknown keys after its other values)
        "listeners[0].port: must be an integer (was \"x\")",
        "listeners[0].prot: unknown key (known: " + LISTENER_KEYS + ")",
        "handlers[1].config: must be an object (was \"no\")",
        "colour: unknown key (known: " + ROOT_KEYS + ")",
        // found while validating, in document order
        "listeners[0].framing.maxLength: must be between 1 and 16777216 (was 0)",
        "listeners[0].framing.size: not used by framing type length-prefixed",
        "listeners[0].framing.headerBytes: must be one of 1, 2, 4, 8 (was 3)",
        "listeners[0].codec.charset: unknown charset \"UTF-9\"",
        "listeners[0].address: must not be empty",
        "listeners[0].replyTimeout: must be a duration like 250ms, 30s or 5m (was \"soon\")",
        "listeners[1].name: duplicate of listeners[0]",
        "listeners[1].port: must be between 0 and 65535 (was 70000)",
        "listeners[1].framing.type: udp listeners frame each datagram: use \"datagram\" (was \"lines\")",
        "listeners[1].keepAlive: only for tcp listeners",
        "listeners[3].port: tcp port 7000 on 127.0.0.1 is already used by listeners[2]",
        "handlers[0].file: only for log handlers",
        "handlers[0].delay: must be between 0 and 1h (was \"2h\")",
        "handlers[1].className: required for verticle handlers",
        "shutdownGrace: must be a duration like 250ms, 30s or 5m (was \"forever\")");
  }

  @Test
  void messageHasOneErrorPerLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(new JsonObject(json("{'listeners': [{'name': 'a', 'protocol': 'tcp'}]}"))));
    assertThat(e).hasMessage("listeners[0].port: required\nlisteners[0].address: required");
  }

  // ---------------------------------------------------------------- helpers

  static List<String> errorsOf(String json) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(new JsonObject(json)));
    assertThat(e).as("expected a ConfigException for %s", json).isNotNull();
    return e.errors();
  }

  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Arguments tcp(String fields, String... expected) {
    return listener("{'name': 'l', 'protocol': 'tcp', 'port': 7000, 'address': 'a'}", fields, expected);
  }

  private static Arguments udp(String fields, String... expected) {
    return listener("{'name': 'u', 'protocol': 'udp', 'port': 7000, 'address': 'a'}", fields, expected);
  }

  private static Arguments listener(String base, String fields, String... expected) {
    JsonObject listener = new JsonObject(json(base)).mergeIn(new JsonObject(json("{" + fields + "}")));
    JsonObject root = new JsonObject().put("listeners", List.of(listener));
    return Arguments.of(root.encode(), List.of(expected));
  }

  private static Arguments handler(String fields, String... expected) {
    JsonObject handler = new JsonObject(json("{'type': 'echo', 'address': 'a'}"))
        .mergeIn(new JsonObject(json("{" + fields + "}")));
    JsonObject root = new JsonObject().put("handlers", List.of(handler));
    return Arguments.of(root.encode(), List.of(expected));
  }

  private static Arguments root(String json, String... expected) {
    return Arguments.of(json(json), List.of(expected));
  }

  private static Arguments listeners(String... listenersThenErrors) {
    List<String> all = List.of(listenersThenErrors);
    int n = (int) all.stream().filter(s -> s.startsWith("{")).count();
    String json = "{\"listeners\": [" + String.join(", ", all.subList(0, n)) + "]}";
    return Arguments.of(json(json), all.subList(n, all.size()));
  }
}
