package dev.framewire.testutil;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The ways a test cuts one byte stream into chunks, after Vert.x's {@code RecordParserTest}: all at
 * once, byte by byte, every fixed chunk size from 1 to twice the stream length (capped for streams
 * longer than {@value #FULL_SWEEP} / 2 bytes: every size up to {@value #FULL_SWEEP} / 2, then sizes
 * growing by a quarter, plus length - 1, length, length + 1 and twice the length), and seeded random
 * splits that also contain empty chunks.
 *
 * <p>{@link Chunking#feed} hands out a fresh buffer per chunk and scribbles over it once the
 * consumer returns, so a framer that keeps (or delivers a slice of) the caller's chunk shows up as
 * corrupted frames.
 */
public final class Chunkings {
  /** Below this stream length (times two) every chunk size is tried. */
  public static final int FULL_SWEEP = 256;
  public static final int DEFAULT_RANDOM_SPLITS = 16;
  public static final long DEFAULT_SEED = 0xF4A3E5L;
  private static final byte SCRIBBLE = (byte) 0xEE;

  private Chunkings() {}

  /** One way to cut the stream. */
  public record Chunking(String name, List<byte[]> chunks) {

    /** Feeds each chunk as a new buffer, then overwrites that buffer (the caller may reuse it). */
    public void feed(Consumer<Buffer> handler) {
      for (byte[] chunk : chunks) {
        Buffer buffer = Buffer.buffer(chunk);
        handler.accept(buffer);
        for (int i = 0; i < buffer.length(); i++) {
          buffer.setByte(i, SCRIBBLE);
        }
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Chunking> of(byte[] stream) {
    return of(stream, DEFAULT_RANDOM_SPLITS, DEFAULT_SEED);
  }

  public static List<Chunking> of(byte[] stream, int randomSplits, long seed) {
    List<Chunking> result = new ArrayList<>();
    result.add(new Chunking("all at once", List.of(stream)));
    result.add(fixed(stream, 1, "byte by byte"));
    for (int size : sizes(stream.length)) {
      if (size > 1) {
        result.add(fixed(stream, size, "chunks of " + size));
      }
    }
    result.addAll(randomSplits(stream, randomSplits, seed));
    return result;
  }

  /** {@code count} random splits of {@code stream}, reproducible from {@code seed}. */
  public static List<Chunking> randomSplits(byte[] stream, int count, long seed) {
    List<Chunking> result = new ArrayList<>();
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      result.add(random(stream, random, "random split #" + i + " (seed " + seed + ")"));
    }
    return result;
  }

  /** The fixed chunk sizes tried for a stream of {@code length} bytes. */
  static List<Integer> sizes(int length) {
    int max = Math.max(1, 2 * length);
    List<Integer> sizes = new ArrayList<>();
    if (max <= FULL_SWEEP) {
      for (int size = 1; size <= max; size++) {
        sizes.add(size);
      }
      return sizes;
    }
    for (int size = 1; size <= FULL_SWEEP / 2; size++) {
      sizes.add(size);
    }
    for (int size = FULL_SWEEP / 2 + 1; size < max; size += Math.max(1, size / 4)) {
      sizes.add(size);
    }
    for (int size : new int[] {length - 1, length, length + 1, max}) {
      if (size > FULL_SWEEP / 2 && !sizes.contains(size)) {
        sizes.add(size);
      }
    }
    return sizes;
  }

  public static Chunking fixed(byte[] stream, int size, String name) {
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < stream.length; from += size) {
      chunks.add(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + size)));
    }
    return new Chunking(name, chunks);
  }

  /** Random cut points, chunks of 0 to ~2/3 of the stream; about one chunk in ten is empty. */
  static Chunking random(byte[] stream, Random random, String name) {
    List<byte[]> chunks = new ArrayList<>();
    int bound = Math.max(2, stream.length * 2 / 3);
    int from = 0;
    while (from < stream.length) {
      int size = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(bound);
      int to = Math.min(stream.length, from + size);
      chunks.add(Arrays.copyOfRange(stream, from, to));
      from = to;
    }
    return new Chunking(name, chunks);
  }

  /** Concatenates byte arrays: handy for building streams. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] result = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, result, at, part.length);
      at += part.length;
    }
    return result;
  }
}
