package dev.framewire.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A blocking UDP client for tests, bound to an ephemeral port of a loopback address and talking to
 * one server port. Every receive has a timeout, so a missing datagram fails the test instead of
 * hanging it.
 */
public final class UdpClient implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private InetSocketAddress lastSender;

  /** @param host a loopback literal: {@code 127.0.0.1} or {@code ::1} */
  public UdpClient(String host, int serverPort) {
    try {
      InetAddress address = InetAddress.getByName(host);
      socket = new DatagramSocket(new InetSocketAddress(address, 0));
      socket.setSoTimeout(5_000);
      server = new InetSocketAddress(address, serverPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bound to {@code localHost} (say {@code 127.0.0.2}, a distinct loopback source), sending to {@code serverHost}. */
  public UdpClient(String localHost, String serverHost, int serverPort) {
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localHost), 0));
      socket.setSoTimeout(5_000);
      server = new InetSocketAddress(InetAddress.getByName(serverHost), serverPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public UdpClient(int serverPort) {
    this("127.0.0.1", serverPort);
  }

  public int localPort() {
    return socket.getLocalPort();
  }

  public UdpClient send(byte[] payload) {
    try {
      socket.send(new DatagramPacket(payload, payload.length, server));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public UdpClient send(String text) {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next datagram's bytes (up to 65535). */
  public byte[] receive() {
    byte[] buffer = new byte[65535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lastSender = (InetSocketAddress) packet.getSocketAddress();
    return Arrays.copyOf(packet.getData(), packet.getLength());
  }

  public String receiveText() {
    return new String(receive(), StandardCharsets.UTF_8);
  }

  /** Sends {@code text} and returns the next datagram as text. */
  public String roundTrip(String text) {
    return send(text).receiveText();
  }

  /** Where the last received datagram came from. */
  public InetSocketAddress lastSender() {
    return lastSender;
  }

  public void setReceiveTimeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
