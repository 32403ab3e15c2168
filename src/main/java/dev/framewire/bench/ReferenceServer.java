package dev.framewire.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A raw Netty echo server, the reference {@code framewire bench} compares Framewire with: the same
 * framings cut by Netty's own decoders, every frame written back unchanged, one flush per read.
 * Lines ({@code \n}) on TCP {@code port}, 4-byte big-endian length-prefixed frames on TCP
 * {@code port + 1}, datagrams on UDP {@code port} (one socket per event loop through
 * {@code SO_REUSEPORT} where epoll is available). On port 0, each of the three takes a free port of
 * its own, which {@link #linesPort}, {@link #prefixedPort} and {@link #udpPort} tell.
 */
public final class ReferenceServer implements AutoCloseable {
  private static final int MAX_FRAME = 16 * 1024 * 1024;
  private static final int UDP_BUFFER = 4 * 1024 * 1024;

  private final EventLoopGroup group;
  /** Lines, length-prefixed, then the UDP sockets. */
  private final List<Channel> channels;

  private ReferenceServer(EventLoopGroup group, List<Channel> channels) {
    this.group = group;
    this.channels = channels;
  }

  /** The port of lines on TCP. */
  public int linesPort() {
    return port(0);
  }

  /** The port of length-prefixed frames on TCP. */
  public int prefixedPort() {
    return port(1);
  }

  /** The port of datagrams. */
  public int udpPort() {
    return port(2);
  }

  private int port(int channel) {
    return ((InetSocketAddress) channels.get(channel).localAddress()).getPort();
  }

  /**
   * Binds the three sockets on {@code host}: on {@code port}, {@code port + 1} and {@code port}, or,
   * for port 0, on free ports of their own; fails if a port is taken.
   */
  public static ReferenceServer start(String host, int port, int threads) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
    try {
      Channel lines = tcp(group, epoll, host, port, () -> new LineBasedFrameDecoder(MAX_FRAME, false, true));
      Channel prefixed = tcp(group, epoll, host, port == 0 ? 0 : port + 1,
          () -> new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0));
      List<Channel> channels = new ArrayList<>(List.of(lines, prefixed));
      // UDP spreads over the event loops only through SO_REUSEPORT, which needs epoll; on port 0
      // the first socket's port is the others'
      int udpPort = port;
      for (int i = 0; i < (epoll ? threads : 1); i++) {
        Bootstrap udp = new Bootstrap().group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, UDP_BUFFER).option(ChannelOption.SO_SNDBUF, UDP_BUFFER)
            .handler(new Echo());
        if (epoll) {
          udp.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        Channel channel = udp.bind(host, udpPort).sync().channel();
        channels.add(channel);
        udpPort = ((InetSocketAddress) channel.localAddress()).getPort();
      }
      return new ReferenceServer(group, channels);
    } catch (Exception e) { // a taken port comes as a BindException, rethrown unchecked by sync()
      group.shutdownGracefully();
      throw e;
    }
  }

  private static Channel tcp(EventLoopGroup group, boolean epoll, String host, int port,
      Supplier<ChannelHandler> decoder) throws InterruptedException {
    return new ServerBootstrap().group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(decoder.get(), new Echo());
          }
        }).bind(host, port).sync().channel();
  }

  @Override
  public void close() {
    channels.forEach(Channel::close);
    group.shutdownGracefully();
  }

  /** Writes every frame (or datagram, to its sender) back; flushes once per read. */
  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg instanceof DatagramPacket p ? new DatagramPacket(p.content(), p.sender()) : msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!(ctx.channel() instanceof io.netty.channel.socket.DatagramChannel)) {
        ctx.close();
      }
    }
  }
}
