package dev.framewire.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Vert.x's event-bus metrics, per address, with the names vertx-micrometer-metrics gives them
 * ({@code vertx_eventbus_sent_total{address="..."}} ...), at the cost of a map lookup and an adder
 * per event: each address's meters are registered once, when it is first seen. (vertx-micrometer's
 * own event-bus metrics look their meters up in the registry at every message, which cost 10-15%
 * of a gateway's CPU on line echo.) Vert.x's own addresses ({@code __vertx.*}: one per request's
 * reply) are left out, so the addresses are a bounded set: handlers, listener instances, event
 * loops, broadcast addresses.
 */
final class EventBusMeters implements EventBusMetrics<EventBusMeters.Address> {
  private final MeterRegistry registry;
  private final Map<String, Address> addresses = new ConcurrentHashMap<>();

  EventBusMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The meters of one address. */
  static final class Address {
    final LongAdder handlers = new LongAdder();
    final LongAdder pending = new LongAdder();
    final LongAdder processed = new LongAdder();
    final LongAdder discarded = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final Map<ReplyFailure, LongAdder> replyFailures = new EnumMap<>(ReplyFailure.class);

    Address() {
      for (ReplyFailure failure : ReplyFailure.values()) {
        replyFailures.put(failure, new LongAdder());
      }
    }
  }

  private Address address(String name) {
    if (name == null || name.startsWith("__vertx.")) {
      return null;
    }
    Address a = addresses.get(name);
    return a != null ? a : addresses.computeIfAbsent(name, this::register);
  }

  private Address register(String name) {
    Address a = new Address();
    Tags tags = Tags.of("address", name);
    Gauge.builder("vertx.eventbus.handlers", a.handlers, LongAdder::sum).description("Number of event bus handlers in use")
        .tags(tags).register(registry);
    Gauge.builder("vertx.eventbus.pending", a.pending, LongAdder::sum)
        .description("Number of messages not processed yet").tags(tags).register(registry);
    counter("vertx.eventbus.processed", "Number of processed messages", tags, a.processed);
    counter("vertx.eventbus.discarded", "Number of discarded messages", tags, a.discarded);
    counter("vertx.eventbus.sent", "Number of messages sent (point-to-point)", tags, a.sent);
    counter("vertx.eventbus.published", "Number of messages published (publish / subscribe)", tags, a.published);
    counter("vertx.eventbus.received", "Number of messages received", tags, a.received);
    counter("vertx.eventbus.delivered", "Number of messages delivered to handlers", tags, a.delivered);
    counter("vertx.eventbus.bytes.read", "Number of bytes received while reading messages from event bus cluster peers",
        tags, a.bytesRead);
    counter("vertx.eventbus.bytes.written", "Number of bytes sent while sending messages to event bus cluster peers",
        tags, a.bytesWritten);
    a.replyFailures.forEach((failure, adder) -> counter("vertx.eventbus.reply.failures", "Number of message reply failures",
        tags.and("failure", failure.name()), adder));
    return a;
  }

  private void counter(String name, String help, Tags tags, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(help).tags(tags).register(registry);
  }

  @Override
  public Address handlerRegistered(String address) {
    Address a = address(address);
    if (a != null) {
      a.handlers.increment();
    }
    return a;
  }

  @Override
  public void handlerUnregistered(Address handler) {
    if (handler != null) {
      handler.handlers.decrement();
    }
  }

  @Override
  public void scheduleMessage(Address handler, boolean local) {
    if (handler != null) {
      handler.pending.increment();
    }
  }

  @Override
  public void messageDelivered(Address handler, boolean local) {
    if (handler != null) {
      handler.pending.decrement();
      handler.processed.increment();
    }
  }

  @Override
  public void discardMessage(Address handler, boolean local, Message<?> msg) {
    if (handler != null) {
      handler.pending.decrement();
      handler.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    Address a = address(address);
    if (a != null) {
      (publish ? a.published : a.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    Address a = address(address);
    if (a != null) {
      a.received.increment();
      if (handlers > 0) {
        a.delivered.increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    Address a = address(address);
    if (a != null) {
      a.bytesWritten.add(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    Address a = address(address);
    if (a != null) {
      a.bytesRead.add(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    Address a = address(address);
    if (a != null) {
      a.replyFailures.get(failure).increment();
    }
  }
}
