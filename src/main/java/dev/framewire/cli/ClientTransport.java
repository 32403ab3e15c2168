package dev.framewire.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client's blocking socket: one TCP connection, or one connected UDP socket. {@link #send} is
 * called by the stdin thread only and {@link #receive} by the reader thread only; {@link #close}
 * may come from any thread and unblocks {@code receive}.
 */
interface ClientTransport extends Closeable {
  /** Largest UDP payload over IPv4 (65535 - 20 IP - 8 UDP header bytes). */
  int MAX_DATAGRAM = 65_507;

  /** Writes one framed payload (for UDP: exactly one datagram, at most {@link #MAX_DATAGRAM} bytes). */
  void send(byte[] bytes) throws IOException;

  /**
   * Blocks for the next chunk (TCP) or datagram (UDP) and copies it into {@code into}, which is at
   * least {@link #chunkSize()} long.
   *
   * @return its length, or -1 when the server closed the connection
   */
  int receive(byte[] into) throws IOException;

  int chunkSize();

  @Override
  void close();

  /**
   * Resolves the host and connects, each bounded by {@code timeout}; for {@code tls://}, with the
   * handshake (bounded by {@code timeout} too) made with {@code context} as {@code tls} says (both
   * null for tcp:// and udp://).
   *
   * @throws IOException whose {@link #describe} is the reason to show
   */
  static ClientTransport open(ClientUrl url, Duration timeout, ClientTls tls, javax.net.ssl.SSLContext context)
      throws IOException {
    InetAddress[] addresses = resolve(url.host(), timeout);
    return switch (url.protocol()) {
      case TCP -> Tcp.connect(addresses, url, timeout, tls, context);
      case UDP -> Udp.connect(addresses[0], url.port());
    };
  }

  /** "connection refused", "unknown host nosuch.invalid", "timed out after 5000 ms", ... */
  static String describe(IOException e, String host) {
    if (e instanceof UnknownHostException) {
      return "unknown host " + host;
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  private static InetAddress[] resolve(String host, Duration timeout) throws IOException {
    // the system resolver cannot be given a timeout: ask it on a daemon thread and stop waiting
    CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        lookup.complete(InetAddress.getAllByName(host));
      } catch (UnknownHostException | RuntimeException e) {
        lookup.completeExceptionally(e);
      }
    }, "framewire-client-resolve");
    t.setDaemon(true);
    t.start();
    try {
      return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException u) {
        throw u;
      }
      throw new UnknownHostException(host);
    } catch (TimeoutException e) {
      throw new SocketTimeoutException("timed out resolving " + host + " after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  /** A TCP connection; tries each address of the host in turn, as {@code nc} does. */
  final class Tcp implements ClientTransport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Tcp(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    static Tcp connect(InetAddress[] addresses, ClientUrl url, Duration timeout, ClientTls tls,
        javax.net.ssl.SSLContext context) throws IOException {
      int port = url.port();
      long deadline = System.nanoTime() + timeout.toNanos();
      IOException last = null;
      for (InetAddress address : addresses) {
        int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        Socket socket = new Socket();
        try {
          socket.setTcpNoDelay(true); // one frame per line typed: do not hold it back
          socket.connect(new InetSocketAddress(address, port), left);
          if (url.tls()) {
            left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            return new Tcp(ClientTls.handshake(context, tls, socket, url.host(), port, left));
          }
          return new Tcp(socket);
        } catch (SocketTimeoutException e) {
          socket.close();
          last = new SocketTimeoutException("timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
          socket.close();
          last = e;
        }
      }
      throw last;
    }

    @Override
    public void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    @Override
    public int receive(byte[] into) throws IOException {
      return in.read(into, 0, chunkSize());
    }

    @Override
    public int chunkSize() {
      return 8 * 1024;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing is all that was asked; nothing is left to report to
      }
    }
  }

  /** A connected UDP socket: only datagrams from the server's address and port are received. */
  final class Udp implements ClientTransport {
    private final DatagramSocket socket;

    private Udp(DatagramSocket socket) {
      this.socket = socket;
    }

    static Udp connect(InetAddress address, int port) throws IOException {
      DatagramSocket socket = new DatagramSocket();
      try {
        socket.connect(new InetSocketAddress(address, port));
        return new Udp(socket);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }

    @Override
    public void send(byte[] bytes) throws IOException {
      socket.send(new DatagramPacket(bytes, bytes.length));
    }

    @Override
    public int receive(byte[] into) throws IOException {
      DatagramPacket packet = new DatagramPacket(into, chunkSize());
      socket.receive(packet);
      return packet.getLength();
    }

    @Override
    public int chunkSize() {
      return 65_535;
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
