package dev.framewire.transport;

import dev.framewire.api.Envelope;
import dev.framewire.config.Delivery;
import dev.framewire.config.ListenerConfig;
import dev.framewire.config.OversizePolicy;
import dev.framewire.framing.FrameSink;
import dev.framewire.framing.Framer;
import dev.framewire.framing.FramingException;
import dev.framewire.framing.Framings;
import dev.framewire.transport.ListenerStats.RequestFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a UDP listener: a datagram socket whose datagrams are framed (one frame per
 * datagram, or several split by a delimiter) and sent to the handlers. A reply goes back to the
 * datagram's sender as one datagram, from the listener's address. The "connection" of a UDP frame
 * is its sender: its {@code fw.conn} names the sender's address, and pushes to it send datagrams
 * there.
 *
 * <p>Datagrams are read and written at the socket's channel: the frames of one read burst go to
 * the handlers together and the replies given meanwhile leave in one flush (one {@code sendmmsg}
 * on the native transport). The socket's receive buffer is sized apart from the per-read buffer
 * (which holds {@code maxDatagramSize}): a small receive buffer loses bursts in the kernel. The
 * datagrams the kernel dropped for the listener's port are counted ({@code kernelDrops}).
 *
 * <p>Several instances share one port through SO_REUSEPORT (native transport); the kernel then
 * spreads senders over them. Replies are sent as they arrive: UDP keeps no order on the wire anyway.
 * When {@code maxInFlight} requests already wait, new ones are answered {@code BUSY} rather than
 * queued without bound: UDP cannot slow a sender down.
 *
 * <p>Confined to the instance's event loop.
 */
public final class UdpListenerVerticle extends VerticleBase implements FrameSink, ListenerCore.Peers,
    ListenerCore.Flushable {
  private static final Logger log = LoggerFactory.getLogger(UdpListenerVerticle.class);
  /**
   * Datagrams read in one go before the event loop turns to other work. The frames of one read go
   * to the handlers as one message and their replies leave in one flush, so longer reads mean
   * fewer messages and flushes a datagram: Netty's default of 16 ran UDP echo at 0.75 of raw
   * Netty, 64 at 0.91 (256 did no better).
   */
  static final int DATAGRAMS_PER_READ = 64;

  private final ListenerConfig config;
  private final String nodeId;
  private final int index;
  private final int port;
  private final boolean reusePort;
  private final ListenerStats stats;
  private final ListenerView view;

  private ListenerCore core;
  private Framer framer;
  private DatagramSocket socket;
  private DatagramChannel channel;
  /** Where datagrams are written: the pipeline below Framewire's reader. */
  private ChannelHandlerContext out;
  private String localLabel;
  private UdpReceiveBuffer receiveBuffer;

  private InetSocketAddress sender;  // sender of the datagram being framed
  private String senderLabel;
  private String senderId;
  private long nextSeq;
  private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
  /** One warning per reason, each its own kind (a flood refused for one reason hides no other), made once. */
  private static final String[] REFUSAL_WARNINGS = Arrays.stream(ListenerStats.DatagramRefusal.values())
      .map(r -> "listener {}: datagram from {} dropped (" + r.label
          + ") (at most one warning a minute, every datagram counted)")
      .toArray(String[]::new);
  /** Recent senders' label and connection id, made once per sender rather than per datagram. */
  private final HashMap<InetSocketAddress, String[]> senderNames = new HashMap<>();
  private static final int SENDER_NAMES = 4096;
  private boolean flushRequested;
  /** The listener's allow/deny lists. */
  private final SourceFilter filter;
  /** The listener's per-source datagram rates, or null without {@code maxDatagramsPerSecondPerSource}. */
  private final SourceRates rates;

  private record Pending(InetSocketAddress to, long stamp) {}

  /**
   * Instance {@code index} of UDP listener {@code config}; {@code rates} ({@link SourceRates#of}) is
   * shared by all its instances, so that a source's rate holds across them.
   */
  public UdpListenerVerticle(ListenerConfig config, String nodeId, int index, int port,
      boolean reusePort, ListenerStats stats, ListenerView view, SourceRates rates) {
    this.config = Objects.requireNonNull(config, "config");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.index = index;
    this.port = port;
    this.reusePort = reusePort;
    this.stats = Objects.requireNonNull(stats, "stats");
    this.view = Objects.requireNonNull(view, "view");
    this.filter = SourceFilter.of(config.limits().allow(), config.limits().deny());
    this.rates = rates;
  }

  @Override
  public Future<?> start() {
    core = new ListenerCore(vertx, context, config, stats, view, "udp", nodeId, index, '/');
    framer = Framings.newFramer(config.framing(), config.onOversize(), this);
    socket = vertx.createDatagramSocket(OptionsMapper.datagramOptions(config, reusePort));
    socket.exceptionHandler(e -> LogFields.debug(log, config.name(), null).log("listener {}: {}", config.name(),
        e.toString()));
    Future<?> bound = core.start(this).compose(v -> socket.listen(port, config.host())).compose(s -> {
      channel = VertxInternals.channel(socket);
      if (channel.config().getRecvByteBufAllocator() instanceof MaxMessagesRecvByteBufAllocator allocator) {
        allocator.maxMessagesPerRead(DATAGRAMS_PER_READ);
      }
      channel.pipeline().addBefore(VertxInternals.DATAGRAM_HANDLER, "framewire-datagrams", new Datagrams());
      localLabel = Addresses.format(config.host(), actualPort());
      return UdpReceiveBuffer.apply(vertx, channel, config, index == 0 ? actualPort() : -1);
    }).onSuccess(buffer -> {
      receiveBuffer = buffer;
      receiveBuffer.report(config.name());
      receiveBuffer.startCounting(vertx, stats);
    });
    if (config.multicastGroup() != null) {
      bound = bound.compose(s -> config.multicastInterface() == null
          ? socket.listenMulticastGroup(config.multicastGroup())
          : socket.listenMulticastGroup(config.multicastGroup(), config.multicastInterface(), null));
    }
    return bound;
  }

  public int actualPort() {
    return socket.localAddress().port();
  }

  @Override
  public Future<?> stop() {
    Future<Void> drops = receiveBuffer == null ? Future.succeededFuture() : receiveBuffer.stopCounting(vertx, stats);
    return drops.eventually(() -> socket == null ? Future.succeededFuture() : socket.close())
        .eventually(() -> core == null ? Future.succeededFuture() : core.stop());
  }

  /** Reads datagrams before Vert.x's handler; the end of a read burst sends its frames together. */
  private final class Datagrams extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      // writes start here, below Vert.x's own handler, which has nothing to add to them
      out = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof DatagramPacket packet)) {
        ctx.fireChannelRead(msg);
        return;
      }
      InetSocketAddress from = packet.sender();
      identify(from);
      if (!admitted(from.getAddress())) {
        // judged before its bytes are copied: a flood that is refused costs no copy
        stats.bytesIn.add(packet.content().readableBytes());
        packet.release();
        return;
      }
      onDatagram(VertxInternals.copyAndRelease(packet.content()));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      core.flushFrames();
      ctx.fireChannelReadComplete();
    }
  }

  /** Makes {@code from} the sender of the datagram at hand: its label and id, cached. */
  private void identify(InetSocketAddress from) {
    if (!from.equals(sender)) {
      sender = from;
      String[] names = senderNames.get(from);
      if (names == null) {
        if (senderNames.size() >= SENDER_NAMES) {
          senderNames.clear();  // a bounded cache: many senders only cost the labels again
        }
        String label = Addresses.format(from.getAddress().getHostAddress(), from.getPort());
        names = new String[] {label, core.connectionId(label)};
        senderNames.put(from, names);
      }
      senderLabel = names[0];
      senderId = names[1];
    }
  }

  /** A datagram from the {@link #identify identified} sender, admitted. */
  private void onDatagram(Buffer data) {
    stats.bytesIn.add(data.length());
    if (data.length() > config.maxDatagramSize()) {
      // the kernel cut it to the read buffer, one byte over maxDatagramSize: never answered as if whole
      stats.oversized.increment();
      LogFields.debug(log, config.name(), senderLabel).log("listener {}: datagram from {} exceeds maxDatagramSize {}",
          config.name(), senderLabel,
          config.maxDatagramSize());
      if (config.onOversize() == OversizePolicy.TRUNCATE) {
        frame(data.slice(0, config.maxDatagramSize()), true);
      } else {
        answerError(sender, new Failure(Envelope.OVERSIZE, "datagram exceeds maxDatagramSize "
            + config.maxDatagramSize()));
      }
      return;
    }
    framer.handle(data);
  }

  /**
   * Whether a datagram from {@code address} may go on: allowed by the {@code allow}/{@code deny}
   * lists and within its source's rate. A refused one is dropped unanswered, counted, and logged
   * (rate-limited).
   */
  private boolean admitted(InetAddress address) {
    if (!filter.isOpen() && !filter.admits(address)) {
      refuse(ListenerStats.DatagramRefusal.DENIED);
      return false;
    }
    if (rates != null && !rates.tryTake(address, System.nanoTime())) {
      refuse(ListenerStats.DatagramRefusal.RATE_LIMITED);
      return false;
    }
    return true;
  }

  private void refuse(ListenerStats.DatagramRefusal reason) {
    stats.datagramsRefused(reason).increment();
    // one kind of warning per reason: a flood refused for one reason does not hide another
    core.warnings().warnWithReason(senderLabel, reason.label, REFUSAL_WARNINGS[reason.ordinal()], config.name(),
        senderLabel);
  }

  @Override
  public void frame(Buffer frame, boolean truncated) {
    stats.framesIn.increment();
    core.tap(frame, senderId, senderLabel);
    Object body = core.decode(frame);
    if (body instanceof Failure failure) {
      answerError(sender, failure);
      return;
    }
    long seq = -1;
    if (config.delivery() == Delivery.REQUEST) {
      if (pending.size() >= config.maxInFlight()) {
        stats.requestFailures(RequestFailure.BUSY).increment();
        answerError(sender, new Failure(Envelope.BUSY, config.maxInFlight() + " requests already wait for replies"));
        return;
      }
      seq = nextSeq++;
      pending.put(seq, new Pending(sender, core.now()));
    }
    core.deliver(body, seq, truncated, senderId, senderLabel, localLabel);
  }

  @Override
  public void error(FramingException error, boolean fatal) {
    stats.oversized.increment();
    LogFields.debug(log, config.name(), senderLabel).log("listener {}: datagram from {}: {}", config.name(), senderLabel,
        error.getMessage());
    if (config.onOversize() != OversizePolicy.TRUNCATE) {
      answerError(sender, new Failure(Envelope.OVERSIZE, error.getMessage()));
    }
  }

  @Override
  public ListenerCore.Match reply(String id, long seq, Object outcome) {
    Pending p = pending.remove(seq);
    if (p == null) {
      return seq >= nextSeq ? ListenerCore.Match.UNKNOWN : ListenerCore.Match.LATE;
    }
    Buffer datagram = datagram(outcome instanceof Buffer payload ? payload.length() : 128);
    // onError close: a UDP sender has no connection to close, so nothing is sent
    if (core.write(outcome, datagram) == ListenerCore.Written.FRAME) {
      sendDirect(p.to, datagram);
    } else {
      VertxInternals.release(datagram);
    }
    return ListenerCore.Match.MATCHED;
  }

  @Override
  public boolean waiting(String id, long seq) {
    return pending.containsKey(seq);
  }

  @Override
  public ListenerCore.PushResult push(String id, Buffer framed) {
    InetSocketAddress to = parseSender(core.connectionSuffix(id));
    if (to == null) {
      return ListenerCore.PushResult.MALFORMED_ID;
    }
    send(to, framed);
    return ListenerCore.PushResult.WRITTEN;
  }

  /** {@code 127.0.0.1:5000} or {@code [::1]:5000} (literal addresses only: never a DNS lookup). */
  private static InetSocketAddress parseSender(String label) {
    int colon = label.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = label.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
    try {
      int senderPort = Integer.parseInt(label.substring(colon + 1));
      return address == null || senderPort < 1 || senderPort > 65535 ? null
          : new InetSocketAddress(InetAddress.getByAddress(address), senderPort);
    } catch (NumberFormatException | java.net.UnknownHostException e) {
      return null;
    }
  }

  private void answerError(InetSocketAddress to, Failure failure) {
    Buffer datagram = datagram(128);
    if (core.writeFailure(failure, datagram) == ListenerCore.Written.FRAME) {
      sendDirect(to, datagram);
    } else {
      VertxInternals.release(datagram);
    }
  }

  /** A direct buffer for one outgoing datagram: the socket writes it without a copy. */
  private Buffer datagram(int sizeHint) {
    return VertxInternals.directBuffer(channel.alloc(), sizeHint);
  }

  /** Sends a {@link #datagram} buffer, whose memory the write takes over. */
  private void sendDirect(InetSocketAddress to, Buffer datagram) {
    write(new DatagramPacket(VertxInternals.writable(datagram), to));
  }

  private void send(InetSocketAddress to, Buffer datagram) {
    write(new DatagramPacket(VertxInternals.byteBuf(datagram), to));
  }

  private void write(DatagramPacket packet) {
    stats.bytesOut.add(packet.content().readableBytes());
    out.write(packet, out.voidPromise());
    if (!flushRequested) {
      flushRequested = true;
      core.scheduleFlush(this);
    }
  }

  @Override
  public void flush() {
    flushRequested = false;
    out.flush();
  }

  @Override
  public int expire(long deadline) {
    if (rates != null) {
      rates.evict(System.nanoTime());
    }
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (p.stamp > deadline) {
        break;  // insertion order = stamp order
      }
      it.remove();
      answerError(p.to, core.timedOut());
    }
    return pending.size();
  }
}
