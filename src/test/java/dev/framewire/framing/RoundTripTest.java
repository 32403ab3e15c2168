package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.Chunkings;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an encoder writes, the framer of the same configuration reads back, in any chunking. For
 * {@code delimited} and {@code lines} only payloads without the delimiter can round-trip (the
 * encoder does not escape), and for {@code lines} none ending with {@code \r}. {@code raw} and
 * {@code datagram} have no boundaries in the bytes: a reply is one write (one datagram), so they
 * round-trip with one chunk per reply, not in every chunking.
 */
class RoundTripTest {

  static Stream<FramingConfig> configs() {
    List<FramingConfig> configs = new ArrayList<>();
    configs.add(FramingConfig.of(FramingType.RAW).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.DATAGRAM).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.DATAGRAM).withDelimiter(bytes("\n")).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.DELIMITED).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.DELIMITED).withDelimiter(bytes("\r\n")).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {0, 0}).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.LINES).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.FIXED).withSize(7).withMaxLength(40));
    configs.add(FramingConfig.of(FramingType.OCTET_COUNTING).withMaxLength(40));
    for (int headerBytes : new int[] {1, 2, 4, 8}) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
        for (boolean includes : new boolean[] {false, true}) {
          configs.add(FramingConfig.of(FramingType.LENGTH_PREFIXED)
              .withHeader(headerBytes, order, includes).withMaxLength(40));
        }
      }
    }
    return configs.stream();
  }

  @Test
  void everyFramingTypeRoundTrips() {
    assertThat(configs().map(FramingConfig::type).distinct()).containsExactlyInAnyOrder(FramingType.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void encodedPayloadsDecodeBackInEveryChunking(FramingConfig config) {
    Random random = new Random(config.toString().hashCode()); // ByteOrder hashes by identity
    FrameEncoder encoder = Framings.encoder(config);
    List<byte[]> payloads = new ArrayList<>();
    Buffer stream = Buffer.buffer();
    List<byte[]> writes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      byte[] payload = payload(config, random, i);
      payloads.add(payload);
      int from = stream.length();
      encoder.encode(Buffer.buffer(payload), stream);
      writes.add(stream.getBytes(from, stream.length()));
    }
    List<Event> expected = payloads.stream().map(RecordingSink::frame).map(Event.class::cast).toList();
    List<Chunkings.Chunking> chunkings = switch (config.type()) {
      case RAW, DATAGRAM -> List.of(new Chunkings.Chunking("one chunk per reply", writes));
      default -> Chunkings.of(stream.getBytes(), 8, 99);
    };
    for (Chunkings.Chunking chunking : chunkings) {
      assertThat(FramerHarness.run(config, OversizePolicy.CLOSE, chunking, true))
          .as("%s", chunking).containsExactlyElementsOf(expected);
    }
  }

  private static byte[] payload(FramingConfig config, Random random, int i) {
    int max = config.maxLength();
    int length = switch (config.type()) {
      case FIXED -> config.size();
      case OCTET_COUNTING -> 1 + random.nextInt(max);
      // an empty chunk carries no frame; an empty datagram split by a delimiter has none either
      case RAW -> i == 1 ? max : 1 + random.nextInt(max);
      case DATAGRAM -> config.delimiter() == null ? (i == 0 ? 0 : i == 1 ? max : random.nextInt(max + 1))
          : i == 1 ? max : 1 + random.nextInt(max);
      default -> i == 0 ? 0 : i == 1 ? max : random.nextInt(max + 1);
    };
    byte[] payload = new byte[length];
    while (true) {
      random.nextBytes(payload);
      if (roundTrips(config, payload)) {
        return payload;
      }
    }
  }

  private static boolean roundTrips(FramingConfig config, byte[] payload) {
    return switch (config.type()) {
      case DELIMITED -> Oracles.indexOf(payload, config.delimiter(), 0) < 0
          // a payload ending with the delimiter's first byte(s) would merge with it: "a\0" + "\0\0"
          && Oracles.indexOf(Chunkings.concat(payload, config.delimiter()), config.delimiter(), 0)
              == payload.length;
      case DATAGRAM -> config.delimiter() == null || Oracles.indexOf(payload, config.delimiter(), 0) < 0;
      case LINES -> Oracles.indexOf(payload, bytes("\n"), 0) < 0
          && (payload.length == 0 || payload[payload.length - 1] != '\r');
      default -> true;
    };
  }
}
