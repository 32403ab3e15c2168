package dev.framewire.testutil;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A blocking client of the TCP event-bus bridge's wire format (a 4-byte big-endian length, then a
 * JSON object), for tests. Reads time out after 10 s.
 */
public final class BridgeClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public BridgeClient(int port) {
    this(connect(port));
  }

  public BridgeClient(Socket connected) {
    try {
      socket = connected;
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Socket connect(int port) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The frame of {@code message}: its UTF-8 JSON after the 4-byte length. */
  public static byte[] frame(JsonObject message) {
    byte[] json = message.encode().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
  }

  public BridgeClient send(JsonObject message) {
    return write(frame(message));
  }

  public BridgeClient write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame from the bridge. */
  public JsonObject read() {
    try {
      int length = in.readInt();
      byte[] json = new byte[length];
      in.readFully(json);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a ping and reads until its pong: everything sent before has been handled. */
  public void sync() {
    send(new JsonObject().put("type", "ping"));
    JsonObject reply = read();
    if (!"pong".equals(reply.getString("type"))) {
      throw new AssertionError("expected a pong, got " + reply.encode());
    }
  }

  /** Whether the bridge has closed the connection (end of stream or reset) before sending more. */
  public boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (EOFException | SocketException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket: nothing to do
    }
  }
}
