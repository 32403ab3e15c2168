package dev.framewire.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for what cannot listen on port 0 itself (a cluster's seed, HAProxy, a port nobody serves). */
public final class Ports {
  private Ports() {
  }

  /** A TCP port free on 127.0.0.1 now (another process may take it before it is used). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
