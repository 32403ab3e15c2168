package dev.framewire.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.Chunkings;
import dev.framewire.testutil.Chunkings.Chunking;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import java.util.List;

/** Drives framers through chunkings and checks what every framer test checks. */
final class FramerHarness {

  private FramerHarness() {}

  /** Feeds one chunking (then {@code end()} if asked) and returns the events. */
  static List<Event> run(FramingConfig config, OversizePolicy policy, Chunking chunking,
      boolean end) {
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(config, policy, sink);
    int bound = config.maxLength() + (config.delimiter() == null ? 0 : config.delimiter().length)
        + OctetCountingFramer.MAX_DIGITS;
    chunking.feed(chunk -> {
      framer.handle(chunk);
      // Memory stays bounded whatever the chunk size: only an unfinished frame is ever held.
      // (After a fatal error the framer is dead and awaits garbage collection with what it held.)
      if (!framer.stopped) {
        assertThat(framer.bufferedBytes()).as("bytes held after a chunk (%s)", chunking)
            .isLessThanOrEqualTo(bound);
      }
    });
    if (end) {
      framer.end();
    }
    assertThat(sink.deliveredBuffersUnchanged())
        .as("delivered buffers untouched after delivery (%s)", chunking).isTrue();
    return sink.events();
  }

  static List<Event> runAllAtOnce(FramingConfig config, OversizePolicy policy, byte[] stream,
      boolean end) {
    return run(config, policy, new Chunking("all at once", List.of(stream)), end);
  }

  /** Every chunking of {@code stream}, ended, yields exactly {@code expected}. */
  static void assertEveryChunking(FramingConfig config, OversizePolicy policy, byte[] stream,
      List<Event> expected) {
    assertEveryChunking(config, policy, stream, true, expected);
  }

  static void assertEveryChunking(FramingConfig config, OversizePolicy policy, byte[] stream,
      boolean end, List<Event> expected) {
    for (Chunking chunking : Chunkings.of(stream)) {
      assertThat(run(config, policy, chunking, end))
          .as("%s, %s, %s", config.type(), policy, chunking)
          .containsExactlyElementsOf(expected);
    }
  }

  /** Like {@link #assertEveryChunking} with fewer chunkings, for fuzzing many streams. */
  static void assertSampledChunkings(FramingConfig config, OversizePolicy policy, byte[] stream,
      long seed, List<Event> expected) {
    List<Chunking> chunkings = new java.util.ArrayList<>();
    chunkings.add(new Chunking("all at once", List.of(stream)));
    chunkings.add(Chunkings.fixed(stream, 1, "byte by byte"));
    for (int size : new int[] {2, 3, 5, 7, 16}) {
      chunkings.add(Chunkings.fixed(stream, size, "chunks of " + size));
    }
    chunkings.addAll(Chunkings.randomSplits(stream, 6, seed));
    for (Chunking chunking : chunkings) {
      assertThat(run(config, policy, chunking, true))
          .as("%s, %s, %s, stream %s", config.type(), policy, chunking,
              java.util.HexFormat.of().formatHex(stream))
          .containsExactlyElementsOf(expected);
    }
  }

  static byte[] bytes(String latin1) {
    return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  /**
   * A sink that throws after every frame and error changes nothing but the loss of a truncated
   * frame whose error() threw (documented in FrameSink): frames left in the framer by the throw come
   * with the next chunk, or with end().
   */
  static void assertThrowingSinkChangesNothing(FramingConfig config, OversizePolicy policy,
      byte[] stream) {
    List<Event> expected = runAllAtOnce(config, policy, stream, true);
    for (Chunking chunking : Chunkings.of(stream)) {
      RecordingSink sink = RecordingSink.throwingAfter(e -> !(e instanceof RecordingSink.TruncatedAtEnd));
      Framer framer = Framings.newFramer(config, policy, sink);
      chunking.feed(chunk -> {
        try {
          framer.handle(chunk);
        } catch (RecordingSink.SinkFailure expectedFailure) {
          // the framer must carry on with the next chunk
        }
      });
      for (int i = 0; i <= expected.size(); i++) { // each end() may deliver one more, and throw
        try {
          framer.end();
          break;
        } catch (RecordingSink.SinkFailure expectedFailure) {
          // call end() again
        }
      }
      List<Event> actual = sink.events();
      if (policy == OversizePolicy.TRUNCATE) {
        actual = withoutTruncatedFrames(actual);
        expected = withoutTruncatedFrames(expected);
      }
      assertThat(actual).as("%s %s %s, throwing sink", config.type(), policy, chunking)
          .containsExactlyElementsOf(expected);
    }
  }

  private static List<Event> withoutTruncatedFrames(List<Event> events) {
    return events.stream()
        .filter(e -> !(e instanceof RecordingSink.Frame f && f.truncated())).toList();
  }
}
