package dev.framewire.framing;

import dev.framewire.config.OversizePolicy;

/**
 * A framer that holds nothing between the inputs it is handed ({@code raw} chunks, datagrams): it
 * never buffers a partial frame, {@link #end()} never reports one, and any live instance is as
 * good as a new one.
 */
abstract class StatelessFramer extends AbstractFramer {

  StatelessFramer(int maxLength, OversizePolicy onOversize, FrameSink sink) {
    super(maxLength, onOversize, sink);
  }

  @Override
  public final void end() {
    stop();
  }

  @Override
  final int bufferedBytes() {
    return 0;
  }

  /** Nothing carries over from one input to the next: as good as a new one until {@link #end()}. */
  @Override
  public final boolean replaceable() {
    return !stopped;
  }
}
