package dev.framewire.api;

import dev.framewire.route.FramewireEnvelope;
import dev.framewire.route.HandlerStats;
import dev.framewire.api.Envelope;
import dev.framewire.api.Frame;
import dev.framewire.route.HandlerNodes;
import dev.framewire.route.LoopAffinity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base class of handler verticles: built-in ones and users' own. Extend it, implement
 * {@link #handle(Frame)}, and deploy it with a handler of type {@code verticle}:
 *
 * <pre>{@code
 * public class UppercaseHandler extends FrameHandlerVerticle {
 *   protected void handle(Frame frame) {
 *     String line = frame.body();            // listener codec "text"
 *     frame.reply(line.toUpperCase());       // written back in frame order
 *   }
 * }
 * // config: {"type": "verticle", "address": "app.upper", "className": "com.example.UppercaseHandler",
 * //          "config": {"anything": "the verticle reads with config()"}}
 * }</pre>
 *
 * <p>Each instance consumes {@link #address()} (the {@code address} key of its deployment config),
 * visible to the whole cluster, and also a loop-local twin so that frames read on its own event loop
 * reach it without a thread hop (see {@link LoopAffinity}); on a cluster it also takes the frames
 * of whole reads that listeners send to its node in Framewire's own envelope (see
 * {@link HandlerNodes}). {@code handle} runs on the instance's
 * event loop: never block in it (use {@code vertx.executeBlocking} or a worker deployment). An
 * exception thrown by {@code handle} fails the frame with code {@code HANDLER_FAILURE}.
 */
public abstract class FrameHandlerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(FrameHandlerVerticle.class);

  private String address;
  private MessageConsumer<Object> consumer;
  private MessageConsumer<Object> loopConsumer;
  /** Batches from listeners of earlier versions that asked for remoteBatching. */
  private MessageConsumer<Object> batchConsumer;
  /** The mark of a Framewire handler on the address (see {@link HandlerNodes}); nothing comes. */
  private MessageConsumer<Object> markConsumer;
  /** Frames in Framewire's envelope from listeners that chose this node (on a cluster). */
  private MessageConsumer<Object> nodeConsumer;
  private LoopAffinity affinity;
  /** This instance's figures, or null when stats are off. */
  private HandlerStats.Recorder recorder;
  private static final long FAILURE_LOG_INTERVAL_NANOS = 1_000_000_000L;
  private long lastFailureLog = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS - 1;
  private long failures;

  /** The event-bus address this handler consumes. */
  protected final String address() {
    return address;
  }

  /** Handles one frame; reply, fail, push or ignore it. Runs on this instance's event loop. */
  protected abstract void handle(Frame frame) throws Exception;

  /** Called once before consumers are registered; override to read {@link #config()}. */
  protected Future<?> setUp() {
    return Future.succeededFuture();
  }

  /** Whether to also take frames read on this event loop directly (default true). */
  protected boolean loopLocal() {
    return true;
  }

  @Override
  public final Future<?> start() {
    JsonObject config = config();
    address = config.getString("address");
    if (address == null || address.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException(
          getClass().getName() + ": deployment config has no \"address\""));
    }
    recorder = HandlerStats.recorder(vertx, address);
    return setUp().compose(v -> {
      // Framewire's envelope codecs, which remote batches arrive in
      LoopAffinity.of(vertx);
      // the node address first, the public one last: a listener that sees this instance's mark
      // finds its node address registered already
      Future<Void> registered = Future.succeededFuture();
      String nodeId = HandlerNodes.of(vertx).localNodeId();
      if (nodeId != null) {
        nodeConsumer = vertx.eventBus().consumer(FramewireEnvelope.nodeAddress(address, nodeId), this::dispatch);
        registered = nodeConsumer.completion();
      }
      if (nodeId != null) {
        // on a cluster node Framewire did not set up (no node id known), no mark: listeners then
        // count this instance as any other consumer and send it frames on the public address
        registered = registered.compose(x -> {
          markConsumer = vertx.eventBus().consumer(FramewireEnvelope.markAddress(address), this::dispatch);
          return markConsumer.completion();
        });
      }
      registered = registered.compose(x -> {
        batchConsumer = vertx.eventBus().consumer(FramewireEnvelope.batchAddress(address), this::dispatch);
        return batchConsumer.completion();
      });
      registered = registered.compose(x -> {
        consumer = vertx.eventBus().consumer(address, this::dispatch);
        return consumer.completion();
      });
      // A worker (or virtual-thread) instance is not tied to one thread: start and stop may run on
      // different threads, so a registration keyed by thread name would leak, and no listener
      // ever sends from a worker thread anyway.
      if (loopLocal() && context.isEventLoopContext()) {
        loopConsumer = vertx.eventBus().localConsumer(LoopAffinity.loopAddress(address), this::dispatch);
        registered = registered.compose(x -> loopConsumer.completion()).onSuccess(x -> {
          affinity = LoopAffinity.of(vertx);
          affinity.register(address);
        });
      }
      return registered;
    });
  }

  @Override
  public final Future<?> stop() {
    if (affinity != null) {
      affinity.unregister(address);
    }
    Future<Void> f = consumer == null ? Future.succeededFuture() : consumer.unregister();
    if (batchConsumer != null) {
      f = f.compose(v -> batchConsumer.unregister());
    }
    if (markConsumer != null) {
      f = f.compose(v -> markConsumer.unregister());
    }
    if (nodeConsumer != null) {
      f = f.compose(v -> nodeConsumer.unregister());
    }
    if (loopConsumer != null) {
      f = f.compose(v -> loopConsumer.unregister());
    }
    return f.compose(v -> tearDown());
  }

  /** Called when the verticle stops, after its consumers are gone. */
  protected Future<?> tearDown() {
    return Future.succeededFuture();
  }

  private void dispatch(Message<Object> message) {
    // one frame, or the frames of one read burst (loop-local path), each handled on its own
    if (recorder == null) {
      Frame.forEach(vertx.eventBus(), message, this::handleOne);
      return;
    }
    long arrived = System.nanoTime();  // the frames of one message reach the handler together
    Frame.forEach(vertx.eventBus(), message, frame -> {
      frame.record(recorder, arrived);
      handleOne(frame);
    });
  }

  private void handleOne(Frame frame) {
    try {
      handle(frame);
    } catch (Exception | Error e) {
      if (e instanceof VirtualMachineError) {
        throw (Error) e;
      }
      failures++;
      long now = System.nanoTime();
      if (now - lastFailureLog > FAILURE_LOG_INTERVAL_NANOS) {
        // rate-limited: a client that makes every frame fail must not flood the log
        log.warn("handler {} on {} failed on a frame from {} ({}): {} ({} failure(s) since the last report)",
            getClass().getSimpleName(), address, frame.remote(), frame.listener(), e.toString(), failures);
        lastFailureLog = now;
        failures = 0;
      }
      frame.fail(Envelope.HANDLER_FAILURE, String.valueOf(e.getMessage()));
    }
  }
}
