package dev.framewire.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A blocking TCP client for tests, used from the test thread (never an event loop). Every read
 * has a timeout, so a missing reply fails the test instead of hanging it.
 */
public final class TcpClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public TcpClient(String host, int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects from {@code localHost} (say {@code 127.0.0.2}: Linux routes all of 127/8 to lo) to {@code host}. */
  public static TcpClient from(String localHost, String host, int port) {
    try {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(localHost, 0));
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setTcpNoDelay(true);
      return new TcpClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TcpClient(int port) {
    this("127.0.0.1", port);
  }

  /** Wraps a socket that is already connected (a TLS socket after its handshake, say). */
  public TcpClient(Socket connected) {
    try {
      socket = connected;
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Socket socket() {
    return socket;
  }

  public TcpClient write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TcpClient write(String text) {
    return write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads exactly n bytes. */
  public byte[] read(int n) {
    try {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String readText(int n) {
    return new String(read(n), StandardCharsets.UTF_8);
  }

  /** Reads one line without its {@code \n}. */
  public String readLine() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        line.write(b);
      }
      if (b == -1 && line.size() == 0) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Reads until the server closes the connection. */
  public byte[] readToEnd() {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the server has closed the connection (EOF or reset) within the read timeout. */
  public boolean closedByPeer() {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;  // reset
    }
  }

  /** Half-close: no more bytes from this side; replies can still be read. */
  public void shutdownOutput() {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void setReadTimeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
