package dev.framewire.route;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.ClientCertificate;
import dev.framewire.api.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageProducer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a listener instance's frames on the event bus at its {@code address}.
 *
 * <p>Four paths, chosen again whenever where handlers run changes (never per frame):
 * <ul>
 *   <li><b>loop-local</b>: a handler instance listens on the calling event loop
 *       ({@link LoopAffinity}): frames go to its loop-local address in the light envelope;
 *   <li><b>nodes</b>: on a cluster where every consumer of the address is a Framewire handler
 *       ({@link HandlerNodes}), this sender chooses a node for each read and sends it there
 *       ({@link FramewireEnvelope#nodeAddress}): the node with the fewest of this sender's frames
 *       still unanswered, so a node that keeps up takes more, and a slow one does not hold every
 *       connection's replies behind it. The sender knows which frames are out on which node: when
 *       the cluster reports a node gone, those still unanswered are answered {@code UNREACHABLE}
 *       at once ({@link Outcomes#undelivered}), each in its place;
 *   <li><b>batch address</b>: the listener's {@code remoteBatching} override where no node is
 *       known to take batches (no cluster): the frames of a read go to
 *       {@link FramewireEnvelope#batchAddress}, to a Framewire handler on another event loop;
 *   <li><b>public</b>: otherwise each frame goes at once to the public address as the documented
 *       body with the {@link Envelope} headers, so that any consumer (a plain Vert.x consumer, a
 *       bridge peer) gets its share; a frame awaiting a reply is sent as a request, so that it
 *       carries a reply address and any consumer answers it with the standard {@code message.reply}.
 * </ul>
 * On the first three, {@link #submit} holds frames and {@link #flush} (called by the listener at the
 * end of each read) sends what one read brought as one {@link FramewireEnvelope.FrameBatch}.
 * {@link #publish} always goes to the public address.
 *
 * <p>Confined to one listener instance's event loop.
 */
public final class FrameSender {
  /** Told how the delivery of a frame ended. */
  public interface Outcomes {
    /** The event bus could not deliver {@code frame} (no handler, unreachable node, ...). */
    void undelivered(FramewireEnvelope.FrameItem frame, Throwable cause);

    /** A consumer answered {@code frame}, sent on the public path, with the standard {@code message.reply}. */
    void replied(FramewireEnvelope.FrameItem frame, Message<Object> reply);

    /** Whether {@code frame} still waits for its reply (not answered, timed out, or its connection closed). */
    boolean waiting(FramewireEnvelope.FrameItem frame);
  }

  private enum Path { LOOP_LOCAL, NODES, BATCH_ADDRESS, PUBLIC }

  /** The smallest record of frames in flight on a node that is compacted. */
  static final int MIN_COMPACT = 1024;
  /** How long a node whose send failed is passed over while others remain (until the cluster says). */
  static final long SUSPECT_MILLIS = 1_000;

  private final Vertx vertx;
  private final String address;
  private final LoopAffinity affinity;
  private final HandlerNodes handlerNodes;
  private final Outcomes outcomes;
  private final DeliveryOptions requestOptions;
  private final boolean forceBatching;
  private final Runnable stopWatchingNodes;
  private int affinityVersion = Integer.MIN_VALUE;
  private int nodesVersion = Integer.MIN_VALUE;
  private Path path;
  /** To the loop-local address, or to the batch address. */
  private MessageProducer<Object> loopProducer;
  private MessageProducer<Object> publicProducer;
  /** The nodes of the current route, with what this sender has out on each. */
  private List<NodeFlight> nodes = List.of();
  private final Map<String, NodeFlight> flights = new HashMap<>();
  private int rotation;
  private ArrayList<FramewireEnvelope.FrameItem> held = new ArrayList<>();
  private final Context context;
  private boolean sendScheduled;
  private final Handler<Void> sendTask = v -> sendHeld();

  /** One node: its producer, the frames sent there not yet seen answered (oldest first). */
  private final class NodeFlight {
    final String nodeId;
    final MessageProducer<Object> producer;
    final ArrayDeque<FramewireEnvelope.FrameItem> out = new ArrayDeque<>();
    /** The record's size above which answered frames behind an unanswered one are dropped too. */
    int compactAt = MIN_COMPACT;
    long suspectUntil;

    NodeFlight(String nodeId) {
      this.nodeId = nodeId;
      this.producer = vertx.eventBus().sender(FramewireEnvelope.nodeAddress(address, nodeId),
          FramewireEnvelope.NODE_FRAME_OPTIONS);
    }

    /**
     * Drops answered frames from the front, and now and then from everywhere (a frame left
     * unanswered, until its timeout, must not keep every answered frame behind it in the record):
     * what remains approximates, and never holds more than twice, the frames in flight.
     */
    int inFlight() {
      FramewireEnvelope.FrameItem f;
      while ((f = out.peekFirst()) != null && !outcomes.waiting(f)) {
        out.pollFirst();
      }
      if (out.size() > compactAt) {
        out.removeIf(frame -> !outcomes.waiting(frame));
        compactAt = Math.max(MIN_COMPACT, 2 * out.size());
      }
      return out.size();
    }
  }

  /**
   * @param forceBatching send batches to the nodes with Framewire handlers even where other
   *     consumers of the address exist (they then get no frames from this listener): the
   *     listener's {@code remoteBatching} override
   * @param requestTimeoutMillis how long the event bus keeps the reply address of a frame sent as
   *     a request on the public path (longer than the listener's own reply timeout, which answers
   *     the frame first)
   */
  public FrameSender(Vertx vertx, Context context, String address, Outcomes outcomes, boolean forceBatching,
      long requestTimeoutMillis) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.address = Objects.requireNonNull(address, "address");
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeoutMillis);
    this.affinity = LoopAffinity.of(vertx);
    this.handlerNodes = HandlerNodes.of(vertx);
    this.forceBatching = forceBatching;
    this.context = Objects.requireNonNull(context, "context");
    this.stopWatchingNodes = handlerNodes.onNodeGone(context, this::nodeGone);
  }

  /** Point-to-point to one handler: sent now, or held until {@link #flush}. */
  public void submit(FramewireEnvelope.FrameItem frame) {
    if (affinity.version() != affinityVersion || handlerNodes.version() != nodesVersion) {
      choosePath();
    }
    if (path != Path.PUBLIC) {
      held.add(frame);
    } else {
      sendPublic(frame);
    }
  }

  /** One frame, on its own, to the public address. */
  private void sendPublic(FramewireEnvelope.FrameItem frame) {
    if (frame.seq() >= 0) {
      // a request: the frame carries a reply address, so any consumer answers it with message.reply
      vertx.eventBus().<Object>request(address, frame.body(), headers(new DeliveryOptions(requestOptions), frame))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              outcomes.replied(frame, ar.result());
            } else {
              outcomes.undelivered(frame, ar.cause());
            }
          });
    } else {
      if (publicProducer == null) {
        publicProducer = vertx.eventBus().sender(address);
      }
      publicProducer.deliveryOptions(headers(new DeliveryOptions(), frame)).write(frame.body())
          .onFailure(e -> outcomes.undelivered(frame, e));
    }
  }

  private void choosePath() {
    sendHeld();
    affinityVersion = affinity.version();
    nodesVersion = handlerNodes.version();
    String target = affinity.target(address);
    if (!target.equals(address)) {
      path = Path.LOOP_LOCAL;
      if (loopProducer == null || !loopProducer.address().equals(target)) {
        loopProducer = vertx.eventBus().sender(target, FramewireEnvelope.FRAME_OPTIONS);
      }
      return;
    }
    HandlerNodes.Route route = handlerNodes.route(address);
    if (forceBatching && route.nodes().isEmpty()) {
      // no node known to take batches (no cluster): to any Framewire handler, wherever it is
      path = Path.BATCH_ADDRESS;
      nodes = List.of();
      String batchAddress = FramewireEnvelope.batchAddress(address);
      if (loopProducer == null || !loopProducer.address().equals(batchAddress)) {
        loopProducer = vertx.eventBus().sender(batchAddress, FramewireEnvelope.REMOTE_FRAME_OPTIONS);
      }
    } else if (route.batchable() || forceBatching) {
      path = Path.NODES;
      List<NodeFlight> chosen = new ArrayList<>(route.nodes().size());
      for (String nodeId : route.nodes()) {
        chosen.add(flights.computeIfAbsent(nodeId, NodeFlight::new));
      }
      nodes = chosen;
    } else {
      path = Path.PUBLIC;
      nodes = List.of();
    }
  }

  /**
   * The end of a read: on the loop-local path, sends the frames held since the last flush as one
   * message; on the nodes path, once this turn of the event loop ends, so that the frames of every
   * connection read in this turn travel together (one message per turn instead of per connection).
   */
  public void flush() {
    if (held.isEmpty()) {
      return;
    }
    if (path == Path.NODES) {
      if (!sendScheduled) {
        sendScheduled = true;
        context.runOnContext(sendTask);
      }
      return;
    }
    sendHeld();
  }

  private void sendHeld() {
    sendScheduled = false;
    if (held.isEmpty()) {
      return;
    }
    List<FramewireEnvelope.FrameItem> batch = held;
    held = new ArrayList<>(batch.size());
    Object message = batch.size() == 1 ? batch.get(0) : new FramewireEnvelope.FrameBatch(batch);
    if (path == Path.LOOP_LOCAL || path == Path.BATCH_ADDRESS) {
      loopProducer.write(message).onFailure(e -> undelivered(batch, e));
      return;
    }
    if (nodes.isEmpty()) {
      // the last node left since these frames were read: the public address says what is left
      batch.forEach(this::sendPublic);
      return;
    }
    NodeFlight node = choose();
    node.inFlight();  // drops what was answered since, so the record stays as short as what is out
    for (FramewireEnvelope.FrameItem frame : batch) {
      if (frame.seq() >= 0) {
        node.out.addLast(frame);
      }
    }
    node.producer.write(message).onFailure(e -> {
      node.suspectUntil = System.currentTimeMillis() + SUSPECT_MILLIS;
      undelivered(batch, e);
    });
  }

  /** The node with the fewest frames in flight, passing over suspects while others remain; ties in turn. */
  private NodeFlight choose() {
    List<NodeFlight> candidates = nodes;
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    long now = System.currentTimeMillis();
    NodeFlight best = null;
    int bestLoad = Integer.MAX_VALUE;
    boolean bestSuspect = true;
    int start = rotation++ & Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      NodeFlight node = candidates.get((start + i) % n);
      boolean suspect = node.suspectUntil > now;
      int load = node.inFlight();
      if (best == null || (bestSuspect && !suspect) || (suspect == bestSuspect && load < bestLoad)) {
        best = node;
        bestLoad = load;
        bestSuspect = suspect;
      }
    }
    return best;
  }

  private void undelivered(List<FramewireEnvelope.FrameItem> batch, Throwable cause) {
    for (FramewireEnvelope.FrameItem frame : batch) {
      outcomes.undelivered(frame, cause);
    }
  }

  /** Every frame still unanswered on a node that has left the cluster is answered now, in its place. */
  private void nodeGone(String nodeId) {
    NodeFlight node = flights.remove(nodeId);
    if (node == null) {
      return;
    }
    if (nodes.contains(node)) {
      List<NodeFlight> remaining = new ArrayList<>(nodes);
      remaining.remove(node);
      nodes = remaining;
      if (remaining.isEmpty()) {
        nodesVersion = Integer.MIN_VALUE;  // choose again: the cluster may have nothing left
      }
    }
    Throwable gone = new IllegalStateException("node " + nodeId + " left the cluster");
    for (FramewireEnvelope.FrameItem frame : node.out) {
      if (outcomes.waiting(frame)) {
        outcomes.undelivered(frame, gone);
      }
    }
    node.out.clear();
  }

  /** Drops answered frames from the record of what is in flight (called by the listener's clock). */
  public void prune() {
    for (NodeFlight node : flights.values()) {
      node.inFlight();
    }
  }

  /** Stops following the cluster's departures. */
  public void close() {
    stopWatchingNodes.run();
  }

  /** To every consumer of the address, on every node. */
  public void publish(FramewireEnvelope.FrameItem frame) {
    vertx.eventBus().publish(address, frame.body(), headers(new DeliveryOptions(), frame));
  }

  /** Into new options per message: a clustered bus encodes them later, so they are never reused. */
  private static DeliveryOptions headers(DeliveryOptions options, FramewireEnvelope.FrameItem frame) {
    options
        .addHeader(Envelope.LISTENER, frame.listener())
        .addHeader(Envelope.PROTOCOL, frame.protocol())
        .addHeader(Envelope.REMOTE, frame.remote())
        .addHeader(Envelope.LOCAL, frame.local())
        .addHeader(Envelope.CONNECTION_ID, frame.connectionId())
        .addHeader(Envelope.CONNECTION_ADDRESS, frame.connectionAddress());
    if (frame.seq() >= 0) {
      options.addHeader(Envelope.SEQUENCE, Long.toString(frame.seq()));
    }
    if (frame.truncated()) {
      options.addHeader(Envelope.TRUNCATED, "true");
    }
    ClientCertificate client = frame.client();
    if (client != null) {
      options.addHeader(Envelope.TLS_SUBJECT, client.subject())
          .addHeader(Envelope.TLS_ISSUER, client.issuer())
          .addHeader(Envelope.TLS_SAN, client.san())
          .addHeader(Envelope.TLS_SERIAL, client.serial())
          .addHeader(Envelope.TLS_FINGERPRINT, client.fingerprint());
    }
    return options;
  }
}
