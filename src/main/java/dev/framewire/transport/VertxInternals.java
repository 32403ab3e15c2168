package dev.framewire.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.VertxWrapper;
import io.vertx.core.internal.net.NetServerInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.SocketAddressImpl;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one adapter to Vert.x's internal API ({@code io.vertx.core.internal}, and the two
 * implementation classes below, {@code MessageConsumerImpl} and
 * {@code HAProxyMessageCompletionHandler}), which Vert.x may change in any release: everything Framewire needs below the public API passes through here, so that an
 * upgrade has one class to check.
 */
public final class VertxInternals {
  private VertxInternals() {}

  /** The Netty handler context of Vert.x's own handler in {@code socket}'s pipeline. */
  public static ChannelHandlerContext handlerContext(NetSocket socket) {
    return ((NetSocketInternal) socket).channelHandlerContext();
  }

  /**
   * Makes {@code socket} hand its writes straight to its Netty channel, as Vert.x's HTTP server does
   * in its strict thread mode, instead of through a multi-producer queue that lets any thread write.
   * That queue costs every connection a 4 KiB array (JCTools' first chunk of 1024 slots) whether it
   * ever writes or not: more than everything else an idle connection holds. Only for a socket whose
   * every write happens on its own event loop (as {@link TcpConnection}'s do); the writability
   * Framewire reads ({@code writeQueueFull}, the drain handler) then follows the channel's.
   *
   * <p>Vert.x's {@code NetServer} offers no option for this: the queue is replaced in the
   * connection's field. Returns false, leaving the socket as it was, when this Vert.x version's
   * connection is built otherwise.
   */
  static boolean writeDirectly(NetSocket socket) {
    return DirectWrites.INSTANCE != null && DirectWrites.INSTANCE.apply(socket);
  }

  /** The reflective handles {@link #writeDirectly} needs, looked up once; null when absent. */
  private record DirectWrites(Class<?> connection, Field queue, java.lang.reflect.Constructor<?> direct) {
    static final DirectWrites INSTANCE = lookUp();

    private static DirectWrites lookUp() {
      try {
        Class<?> connection = Class.forName("io.vertx.core.net.impl.VertxConnection");
        Field queue = connection.getDeclaredField("outboundMessageQueue");
        Class<?> direct = Class.forName("io.vertx.core.net.impl.VertxConnection$DirectOutboundMessageQueue");
        java.lang.reflect.Constructor<?> create = direct.getDeclaredConstructor(connection);
        if (!queue.getType().isAssignableFrom(direct)) {
          return null;
        }
        queue.setAccessible(true);
        create.setAccessible(true);
        return new DirectWrites(connection, queue, create);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    boolean apply(NetSocket socket) {
      if (!connection.isInstance(socket)) {
        return false;
      }
      try {
        queue.set(socket, direct.newInstance(socket));
        return true;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return false;
      }
    }
  }

  /**
   * The IP address of a Vert.x socket address, or null for a domain socket (or a PROXY header's
   * UNIX source). Vert.x's own socket addresses hold it already; asking their public API
   * ({@code hostAddress()}) formats it into a string each time, which would have to be parsed back:
   * two short-lived strings per accepted connection.
   */
  public static InetAddress ipAddress(SocketAddress address) {
    if (address == null) {
      return null;
    }
    if (address instanceof SocketAddressImpl impl) {
      return impl.ipAddress();
    }
    String literal = address.hostAddress();
    return literal == null ? null : NetUtil.createInetAddressFromIpAddressString(literal);
  }

  /** The Netty channel under {@code socket}. */
  public static Channel channel(NetSocket socket) {
    return handlerContext(socket).channel();
  }

  /**
   * A Vert.x for a module (the TCP event-bus bridge) that hides what it builds: every net server
   * created through it goes to {@code created} (how Framewire reaches the server the bridge creates
   * and keeps private), and every consumer registered through its event bus
   * hands the messages it discards to {@code discarded}.
   *
   * <p>A consumer discards the messages already routed to it when it is unregistered before it
   * handles them: the bridge unregisters a peer's consumers when the peer's connection ends, and
   * whatever was on its way to that peer is then dropped without an answer, which a sender of a
   * request learns only at its timeout. Vert.x offers the discarded messages only through its
   * implementation's {@code MessageConsumerImpl.discardHandler}.
   */
  public static Vertx forModule(Vertx vertx, Consumer<NetServer> created, Handler<Message<?>> discarded) {
    EventBus bus = discarding(vertx.eventBus(), Objects.requireNonNull(discarded, "discarded"));
    return new VertxWrapper((VertxInternal) vertx) {
      @Override
      public NetServerInternal createNetServer(NetServerOptions options) {
        NetServerInternal server = delegate.createNetServer(options);
        created.accept(server);
        return server;
      }

      @Override
      public EventBus eventBus() {
        return bus;
      }
    };
  }

  /** {@code bus}, whose consumers hand the messages they discard to {@code discarded}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static EventBus discarding(EventBus bus, Handler<Message<?>> discarded) {
    InvocationHandler calls = (proxy, method, args) -> {
      Object result;
      try {
        result = method.invoke(bus, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof MessageConsumerImpl consumer) {
        consumer.discardHandler((Handler) discarded);
      }
      return result == bus ? proxy : result;
    };
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> c = bus.getClass(); c != null; c = c.getSuperclass()) {
      interfaces.addAll(Arrays.asList(c.getInterfaces()));
    }
    return (EventBus) Proxy.newProxyInstance(VertxInternals.class.getClassLoader(),
        interfaces.toArray(Class<?>[]::new), calls);
  }

  /**
   * The Netty channel under a bound {@code socket}. Vert.x does not expose it (not even
   * internally): read from its implementation's field. Framewire reads and writes datagrams there
   * so that the replies of one read burst leave in one flush, and sizes the socket's receive buffer
   * apart from the per-read buffer, which Vert.x sizes from the same option.
   */
  public static DatagramChannel channel(DatagramSocket socket) {
    try {
      Field field = socket.getClass().getDeclaredField("channel");
      field.setAccessible(true);
      return (DatagramChannel) field.get(socket);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("this Vert.x version's DatagramSocket hides its channel: " + e, e);
    }
  }

  /** The name of Vert.x's own handler in a datagram channel's pipeline. */
  public static final String DATAGRAM_HANDLER = "handler";

  /** A heap copy of {@code bytes} as a Buffer; {@code bytes} is released. */
  public static Buffer copyAndRelease(ByteBuf bytes) {
    return BufferInternal.safeBuffer(bytes);
  }

  /** The bytes of {@code buffer} as a ByteBuf sharing its memory (for a write). */
  public static ByteBuf byteBuf(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf();
  }

  /**
   * A Buffer over a new direct buffer of {@code allocator}, for bytes bound for a socket: the
   * transport writes it without a copy. Hand it to exactly one {@link #writable} write, or
   * {@link #release} it.
   */
  public static Buffer directBuffer(io.netty.buffer.ByteBufAllocator allocator, int capacity) {
    return BufferInternal.buffer(allocator.directBuffer(capacity));
  }

  /** The very ByteBuf under a {@link #directBuffer}, whose one reference the write takes over. */
  public static ByteBuf writable(Buffer buffer) {
    return ((BufferInternal) buffer).unwrap();
  }

  /** Gives back a {@link #directBuffer} that was not written. */
  public static void release(Buffer buffer) {
    ((BufferInternal) buffer).unwrap().release();
  }

  /**
   * A new context on one of Vert.x's event loops, tied to no deployment: a timer set on it lasts
   * until it is cancelled (or Vert.x closes), whichever verticle is undeployed meanwhile, where
   * {@code vertx.setPeriodic} on a verticle's context ends with that verticle.
   */
  static io.vertx.core.Context ownContext(Vertx vertx) {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /** The cluster manager of a clustered Vert.x, or empty. */
  public static java.util.Optional<io.vertx.core.spi.cluster.ClusterManager> clusterManager(Vertx vertx) {
    return vertx.isClustered() ? java.util.Optional.ofNullable(((VertxInternal) vertx).clusterManager())
        : java.util.Optional.empty();
  }

  /**
   * Whether {@code failure} is Vert.x refusing a PROXY header that names a UDP or UNIX datagram
   * source (a TCP server carries streams only): one shared exception of its implementation.
   */
  public static boolean isUnsupportedProxiedProtocol(Throwable failure) {
    return failure == io.vertx.core.net.impl.HAProxyMessageCompletionHandler.UNSUPPORTED_PROTOCOL_EXCEPTION;
  }
}
