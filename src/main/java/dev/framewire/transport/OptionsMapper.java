package dev.framewire.transport;

import dev.framewire.config.ListenerConfig;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.TimeUnit;

/** The one place where listener config becomes Vert.x options; each call returns a fresh object. */
public final class OptionsMapper {
  private OptionsMapper() {}

  public static NetServerOptions netServerOptions(ListenerConfig config, int port) {
    NetServerOptions options = new NetServerOptions()
        .setHost(config.host())
        .setPort(port)
        .setTcpNoDelay(config.tcpNoDelay())
        .setTcpKeepAlive(config.keepAlive())
        .setRegisterWriteHandler(false);
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
    if (!config.idleTimeout().isZero()) {
      options.setIdleTimeout((int) Math.max(1, config.idleTimeout().toMillis()))
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return options;
  }

  /**
   * UDP options. Vert.x sizes both SO_RCVBUF and the per-datagram read buffer from
   * {@code receiveBufferSize} (and Netty's default read buffer is 2 KiB, which would cut longer
   * datagrams): the read buffer must hold {@code maxDatagramSize}, so that is the floor.
   */
  public static DatagramSocketOptions datagramOptions(ListenerConfig config, boolean reusePort) {
    DatagramSocketOptions options = new DatagramSocketOptions()
        .setIpV6(config.host().contains(":"))
        .setReuseAddress(reusePort)
        .setReusePort(reusePort)
        .setReceiveBufferSize(Math.max(config.maxDatagramSize(), config.receiveBufferSize()));
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
