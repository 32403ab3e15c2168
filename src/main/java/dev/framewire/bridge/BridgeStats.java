package dev.framewire.bridge;

import java.util.concurrent.atomic.LongAdder;

/** What the bridge has seen since it started; shared by its event loops. */
public final class BridgeStats {
  public final LongAdder connectionsOpened = new LongAdder();
  public final LongAdder connectionsClosed = new LongAdder();
  /** Connections closed because the peer announced a frame over {@code maxFrameLength}. */
  public final LongAdder oversizeFrames = new LongAdder();
  /** Frames refused with an error frame (not JSON, unknown type, ...); their connections went on. */
  public final LongAdder invalidFrames = new LongAdder();
  public final LongAdder registrations = new LongAdder();
  /** Messages peers sent or published onto the event bus (replies and pushes included). */
  public final LongAdder framesIn = new LongAdder();
  /** Messages the bridge delivered to peers (frames for their handlers, replies to their requests). */
  public final LongAdder framesOut = new LongAdder();
  /** Connections closed because their peer stopped reading while messages for it piled up. */
  public final LongAdder slowPeersClosed = new LongAdder();
  /** Frames a peer took and had not answered when its connection ended: failed at once. */
  public final LongAdder framesFailedOnDisconnect = new LongAdder();

  @Override
  public String toString() {
    return "connections opened=" + connectionsOpened.sum() + " closed=" + connectionsClosed.sum()
        + ", registrations=" + registrations.sum() + ", frames in=" + framesIn.sum() + " out=" + framesOut.sum()
        + ", oversize frames=" + oversizeFrames.sum()
        + ", invalid frames=" + invalidFrames.sum() + ", slow peers closed=" + slowPeersClosed.sum()
        + ", frames failed on disconnect=" + framesFailedOnDisconnect.sum();
  }
}
