package dev.framewire.framing;

import static dev.framewire.framing.FramerHarness.bytes;
import static dev.framewire.testutil.RecordingSink.error;
import static dev.framewire.testutil.RecordingSink.frame;
import static dev.framewire.testutil.RecordingSink.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.config.FramingConfig;
import dev.framewire.config.FramingType;
import dev.framewire.config.OversizePolicy;
import dev.framewire.testutil.Chunkings;
import dev.framewire.testutil.RecordingSink;
import dev.framewire.testutil.RecordingSink.Event;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatagramFramerTest {
  private static final FramingConfig WHOLE = FramingConfig.of(FramingType.DATAGRAM);

  private static List<Event> datagrams(FramingConfig config, OversizePolicy policy,
      String... datagrams) {
    RecordingSink sink = new RecordingSink();
    AbstractFramer framer = (AbstractFramer) Framings.newFramer(config, policy, sink);
    List<byte[]> list = java.util.Arrays.stream(datagrams).map(FramerHarness::bytes).toList();
    new Chunkings.Chunking("datagrams", list).feed(d -> {
      framer.handle(d);
      assertThat(framer.bufferedBytes()).isZero();
    });
    framer.end();
    assertThat(sink.deliveredBuffersUnchanged()).isTrue();
    return sink.events();
  }

  @Test
  void withoutADelimiterEachDatagramIsOneFrame() {
    assertThat(datagrams(WHOLE, OversizePolicy.CLOSE, "ping 1234", "", "a\nb\n"))
        .containsExactly(frame("ping 1234"), frame(""), frame("a\nb\n"));
  }

  @Test
  void aDelimiterSplitsEachDatagram() {
    FramingConfig lf = WHOLE.withDelimiter(bytes("\n"));
    assertThat(datagrams(lf, OversizePolicy.CLOSE, "a=1\n\nb=2\nc=3", "a=1\n", "\nx", "", "\n\n"))
        .containsExactly(frame("a=1"), frame(""), frame("b=2"), frame("c=3"),
            frame("a=1"),
            frame(""), frame("x"),
            frame(""), frame(""));
  }

  @Test
  void nothingCarriesOverFromOneDatagramToTheNext() {
    FramingConfig crlf = WHOLE.withDelimiter(bytes("\r\n"));
    assertThat(datagrams(crlf, OversizePolicy.CLOSE, "a\r", "\nb", "c\r\nd\r\n", "\r\n\r\n"))
        .containsExactly(frame("a\r"), frame("\nb"), frame("c"), frame("d"), frame(""), frame(""));
    FramingConfig aab = WHOLE.withDelimiter(bytes("aab"));
    assertThat(datagrams(aab, OversizePolicy.CLOSE, "xaaaby", "aa", "b"))
        .containsExactly(frame("xa"), frame("y"), frame("aa"), frame("b"));
  }

  @ParameterizedTest
  @EnumSource(OversizePolicy.class)
  void eachFrameIsCheckedAgainstMaxLength(OversizePolicy policy) {
    FramingConfig config = WHOLE.withDelimiter(bytes(";")).withMaxLength(3);
    String message = "datagram frame of 4 bytes exceeds maxLength 3";
    List<Event> events = datagrams(config, policy, "abc;defg;hi", "wxyz", "ok");
    switch (policy) {
      // close drops the rest of that datagram only: the framer has no state to lose
      case CLOSE -> assertThat(events).containsExactly(frame("abc"),
          error(FrameTooLongException.class, message, true),
          error(FrameTooLongException.class, message, true), frame("ok"));
      case SKIP -> assertThat(events).containsExactly(frame("abc"),
          error(FrameTooLongException.class, message, false), frame("hi"),
          error(FrameTooLongException.class, message, false), frame("ok"));
      case TRUNCATE -> assertThat(events).containsExactly(frame("abc"),
          error(FrameTooLongException.class, message, false), truncated("def"), frame("hi"),
          error(FrameTooLongException.class, message, false), truncated("wxy"), frame("ok"));
    }
  }

  @Test
  void wholeDatagramsAreCheckedToo() {
    FramingConfig config = WHOLE.withMaxLength(3);
    assertThat(datagrams(config, OversizePolicy.TRUNCATE, "abcd", "abc"))
        .containsExactly(error(FrameTooLongException.class,
            "datagram frame of 4 bytes exceeds maxLength 3", false), truncated("abc"), frame("abc"));
  }

  @Test
  void encoderWritesOneDatagramWithoutDelimiter() {
    FrameEncoder encoder = Framings.encoder(WHOLE.withDelimiter(bytes("\n")));
    assertThat(encoder.encode(Buffer.buffer("pong")).toString()).isEqualTo("pong");
  }
}
