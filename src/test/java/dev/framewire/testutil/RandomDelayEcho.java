package dev.framewire.testutil;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Frame;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handler: echoes each frame after a random delay of 0..{@code maxDelayMs} (config), so that
 * several instances answer out of order. Tracks how many frames it holds at once.
 */
public class RandomDelayEcho extends FrameHandlerVerticle {
  public static final AtomicInteger outstanding = new AtomicInteger();
  public static final AtomicInteger maxOutstanding = new AtomicInteger();

  @Override
  protected void handle(Frame frame) {
    int now = outstanding.incrementAndGet();
    maxOutstanding.accumulateAndGet(now, Math::max);
    int max = config().getInteger("maxDelayMs", 5);
    int delay = ThreadLocalRandom.current().nextInt(max + 1);
    Object body = frame.body();
    if (delay == 0) {
      outstanding.decrementAndGet();
      frame.reply(body);
    } else {
      vertx.setTimer(delay, id -> {
        outstanding.decrementAndGet();
        frame.reply(body);
      });
    }
  }
}
