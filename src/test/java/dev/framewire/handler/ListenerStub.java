package dev.framewire.handler;

import dev.framewire.route.FramewireEnvelope;
import dev.framewire.api.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * Plays a listener's part on the event bus, with no socket: frames carrying the envelope headers of
 * one made-up connection, and a consumer on that connection's address taking replies and pushes.
 */
final class ListenerStub {
  static final String LISTENER = "lines";
  static final String REMOTE = "127.0.0.1:53422";
  static final String LOCAL = "127.0.0.1:7002";
  static final String CONN = "node1.lines.0.17";
  static final String CONN_ADDRESS = FramewireEnvelope.connectionAddress("node1", LISTENER, 0);

  private final Vertx vertx;

  ListenerStub(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Registers {@code handler} on the connection address (replies and pushes land there). */
  Future<Void> onConnection(Handler<Message<Object>> handler) {
    return vertx.eventBus().consumer(CONN_ADDRESS, handler).completion();
  }

  /** Delivery {@code request}: a frame awaiting the reply numbered {@code seq}. */
  void request(String address, Object body, long seq) {
    vertx.eventBus().send(address, body, headers().addHeader(Envelope.SEQUENCE, Long.toString(seq)));
  }

  /** Delivery {@code send}: no reply awaited. */
  void send(String address, Object body) {
    vertx.eventBus().send(address, body, headers());
  }

  /** Delivery {@code publish}: no reply awaited. */
  void publish(String address, Object body) {
    vertx.eventBus().publish(address, body, headers());
  }

  static DeliveryOptions headers() {
    return new DeliveryOptions()
        .addHeader(Envelope.LISTENER, LISTENER)
        .addHeader(Envelope.PROTOCOL, "tcp")
        .addHeader(Envelope.REMOTE, REMOTE)
        .addHeader(Envelope.LOCAL, LOCAL)
        .addHeader(Envelope.CONNECTION_ID, CONN)
        .addHeader(Envelope.CONNECTION_ADDRESS, CONN_ADDRESS);
  }

  /** What arrived at the connection address, in a form tests compare exactly. */
  record Received(Object body, String conn, String seq, String error) {
    static Received of(Message<Object> message) {
      return new Received(message.body(), message.headers().get(Envelope.CONNECTION_ID),
          message.headers().get(Envelope.SEQUENCE), message.headers().get(Envelope.ERROR));
    }

    static Received reply(Object body, long seq) {
      return new Received(body, CONN, Long.toString(seq), null);
    }

    static Received push(Object body) {
      return new Received(body, CONN, null, null);
    }

    static Received failure(String code, String message, long seq) {
      return new Received(message, CONN, Long.toString(seq), code);
    }
  }
}
