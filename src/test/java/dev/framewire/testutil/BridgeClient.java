package dev.framewire.testutil;

import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A blocking client of the TCP event-bus bridge's wire format (a 4-byte big-endian length, then a
 * JSON object), for tests: {@link TcpClient}'s socket handling with the bridge's framing on top.
 */
public final class BridgeClient implements AutoCloseable {
  private final TcpClient socket;

  public BridgeClient(int port) {
    this.socket = new TcpClient(port);
  }

  /** Wraps a socket that is already connected (a TLS socket after its handshake, say). */
  public BridgeClient(Socket connected) {
    this.socket = new TcpClient(connected);
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
    socket.write(bytes);
    return this;
  }

  /** The next frame from the bridge. */
  public JsonObject read() {
    int length = ByteBuffer.wrap(readExactly(4)).getInt();
    return new JsonObject(new String(readExactly(length), StandardCharsets.UTF_8));
  }

  private byte[] readExactly(int n) {
    byte[] bytes = socket.read(n);
    if (bytes.length < n) {
      throw new AssertionError("the bridge closed the connection in the middle of a frame");
    }
    return bytes;
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
    return socket.closedByPeer();
  }

  @Override
  public void close() {
    socket.close();
  }
}
