package dev.framewire.transport;

import dev.framewire.config.BridgeConfig;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.ProxyProtocolConfig;
import dev.framewire.config.TlsConfig;
import io.netty.handler.logging.LoggingHandler;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where listener config becomes Vert.x options; each call returns a fresh object. */
public final class OptionsMapper {
  /**
   * The logger of Netty's wire dumps (hex, at DEBUG). Listeners and the bridge dump their traffic
   * only while it logs DEBUG, which Framewire sets only when asked ({@code "log": {"payloads": true}});
   * otherwise no log line carries a client's bytes.
   */
  public static final String WIRE_DUMP_LOGGER = LoggingHandler.class.getName();
  private static final Logger wireDumps = LoggerFactory.getLogger(WIRE_DUMP_LOGGER);

  private OptionsMapper() {}

  /** A listener's server options; its TLS key material (if any) as named by paths, for Vert.x to read. */
  public static NetServerOptions netServerOptions(ListenerConfig config, int port) {
    return netServerOptions(config, port, null);
  }

  /**
   * A listener's server options with its TLS key material already read and checked ({@code keys};
   * null: as paths, for Vert.x to read). With several certificate sources, SNI is on.
   */
  static NetServerOptions netServerOptions(ListenerConfig config, int port, TlsKeys keys) {
    NetServerOptions options = new NetServerOptions()
        .setHost(config.host())
        .setPort(port)
        .setTcpNoDelay(config.tcpNoDelay())
        .setTcpKeepAlive(config.keepAlive())
        .setRegisterWriteHandler(false)
        .setLogActivity(wireDumps.isDebugEnabled());
    if (config.acceptBacklog() > 0) {
      options.setAcceptBacklog(config.acceptBacklog());
    }
    if (config.receiveBufferSize() > 0) {
      // Vert.x also sizes each read's buffer from this (FixedRecvByteBufAllocator)
      options.setReceiveBufferSize(config.receiveBufferSize());
    }
    if (config.sendBufferSize() > 0) {
      options.setSendBufferSize(config.sendBufferSize());
    }
    // idleTimeout is not Vert.x's (a Netty timer per connection): the listener's sweep checks it
    if (config.tls() != null) {
      tls(options, config.tls());
      if (keys != null) {
        options.setKeyCertOptions(keys.keyCertOptions()).setTrustOptions(keys.trustOptions());
      }
    }
    if (config.proxyProtocol() != null) {
      proxyProtocol(options, config.proxyProtocol());
    }
    return options;
  }

  /**
   * The PROXY protocol (v1 and v2): Vert.x puts Netty's HAProxyMessageDecoder first in each
   * accepted channel's pipeline, before TLS, and calls the connect handler only once a whole header
   * has come; the socket's {@code remoteAddress()} is then the header's source
   * ({@code remoteAddress(true)} the proxy's own). A malformed header closes the channel and is
   * reported to the server's exception handler; a header that does not arrive within the timeout
   * closes the channel, and Vert.x 5.1.6 reports nothing of it.
   */
  private static void proxyProtocol(NetServerOptions options, ProxyProtocolConfig proxy) {
    options.setUseProxyProtocol(true)
        .setProxyProtocolTimeout(proxy.timeout().toMillis())
        .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /** The SSL options of a listener's server, for an update in place with new key material. */
  static ServerSSLOptions serverSslOptions(ListenerConfig config, TlsKeys keys) {
    return netServerOptions(config, 0, keys).getSslOptions().copy();
  }

  /** The TCP event-bus bridge's server: its host and port, and TLS as a listener's. */
  public static NetServerOptions netServerOptions(BridgeConfig config) {
    NetServerOptions options = new NetServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setTcpNoDelay(true)
        .setRegisterWriteHandler(false)
        .setLogActivity(wireDumps.isDebugEnabled());
    if (config.tls() != null) {
      tls(options, config.tls());
    }
    return options;
  }

  /**
   * TLS: Vert.x puts an SslHandler first in each accepted channel's pipeline and calls the connect
   * handler only once the handshake has succeeded; a failed or timed-out handshake closes that
   * channel and is reported to the server's exception handler.
   */
  private static void tls(NetServerOptions options, TlsConfig tls) {
    PemKeyCertOptions pairs = new PemKeyCertOptions();
    for (TlsConfig.CertificatePair pair : tls.pemPairs()) {
      pairs.addCertPath(onDisk(pair.certPath())).addKeyPath(onDisk(pair.keyPath()));
    }
    options.setSsl(true)
        .setSni(tls.sources() > 1)
        .setKeyCertOptions(tls.usesKeyStore()
            ? new KeyStoreOptions()
                .setType(tls.keyStoreType())
                .setPath(onDisk(tls.keyStorePath()))
                .setPassword(tls.keyStorePassword())
            : pairs)
        .setClientAuth(switch (tls.clientAuth()) {
          case NONE -> ClientAuth.NONE;
          case REQUEST -> ClientAuth.REQUEST;
          case REQUIRED -> ClientAuth.REQUIRED;
        })
        .setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()))
        .setSslHandshakeTimeout(tls.handshakeTimeout().toMillis())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    if (tls.trustPath() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(onDisk(tls.trustPath())));
    }
  }

  /** Absolute, so that Vert.x reads the disk and never falls back to a classpath resource. */
  private static String onDisk(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  /**
   * UDP options. Vert.x sizes both SO_RCVBUF and the per-datagram read buffer from
   * {@code receiveBufferSize}; here it sizes the read buffer, one byte over {@code maxDatagramSize}
   * so that a longer datagram shows (the kernel cuts a datagram to the buffer). The socket's
   * receive buffer is set apart once the socket is bound ({@link UdpReceiveBuffer}).
   */
  public static DatagramSocketOptions datagramOptions(ListenerConfig config, boolean reusePort) {
    DatagramSocketOptions options = new DatagramSocketOptions()
        .setIpV6(config.host().contains(":"))
        .setReuseAddress(reusePort)
        .setReusePort(reusePort)
        .setReceiveBufferSize(config.maxDatagramSize() + 1)
        .setLogActivity(wireDumps.isDebugEnabled());
    if (config.sendBufferSize() > 0) {
      options.setSendBufferSize(config.sendBufferSize());
    }
    if (config.multicastGroup() != null) {
      options.setReuseAddress(true);
      if (config.multicastInterface() != null) {
        options.setMulticastNetworkInterface(config.multicastInterface());
      }
    }
    return options;
  }
}
