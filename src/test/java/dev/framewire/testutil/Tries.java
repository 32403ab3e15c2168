package dev.framewire.testutil;

import java.util.Random;

/**
 * Runs a property over a bounded number of generated cases, each drawn from its own seeded
 * {@link Random}, so that a failure names the one seed that replays it.
 *
 * <p>The seeds are fixed by default (the same cases on every build: no flaky build). To explore
 * other cases, run with {@code -Dframewire.tries.seed=<n>} (any long) and
 * {@code -Dframewire.tries.scale=<k>} (k times as many tries); a failure message gives the seed of
 * the failing case, and {@code -Dframewire.tries.seed=<that seed> -Dframewire.tries.only=true}
 * replays just that case.
 */
public final class Tries {
  /** The first seed when none is given. */
  public static final long DEFAULT_SEED = 0x5EED_F4A3E5L;

  private Tries() {}

  /** One generated case. */
  @FunctionalInterface
  public interface Case {
    void check(Random random) throws Exception;
  }

  /** Runs {@code tries} cases (times {@code framewire.tries.scale}); the first failure is rethrown with its seed. */
  public static void run(int tries, Case property) {
    long first = Long.getLong("framewire.tries.seed", DEFAULT_SEED);
    boolean only = Boolean.getBoolean("framewire.tries.only");
    int count = only ? 1 : tries * Integer.getInteger("framewire.tries.scale", 1);
    for (int i = 0; i < count; i++) {
      long seed = first + i * 0x9E3779B97F4A7C15L;
      try {
        property.check(new Random(seed));
      } catch (Throwable failure) {
        AssertionError error = new AssertionError("case " + i + " failed; replay it with"
            + " -Dframewire.tries.seed=" + seed + " -Dframewire.tries.only=true: " + failure, failure);
        throw error;
      }
    }
  }
}
