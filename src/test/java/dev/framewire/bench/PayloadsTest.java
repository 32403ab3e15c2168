package dev.framewire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  private static Buffer payload(Payloads p, long tag) {
    Buffer b = Buffer.buffer(p.size()).setBytes(0, new byte[p.size()]);
    p.write(tag, b);
    return b;
  }

  @Test
  void everyTagHasItsOwnPayloadAndOnlyItMatches() {
    Payloads p = new Payloads(20, new byte[] {'\n'});
    Set<String> seen = new HashSet<>();
    for (int connection = 0; connection < 3; connection++) {
      for (long seq = 0; seq < 2000; seq++) {
        long tag = Payloads.tag(connection, seq);
        Buffer b = payload(p, tag);
        assertThat(b.length()).isEqualTo(20);
        assertThat(seen.add(b.toString())).isTrue();
        assertThat(p.matches(b, tag)).isTrue();
        assertThat(p.matches(b, Payloads.tag(connection, seq + 1))).isFalse();
      }
    }
  }

  @Test
  void aPayloadHoldsNoExcludedByteAndOnlyPrintableAscii() {
    byte[] delimiter = {'\r', '\n', '0', 'a'};
    Payloads p = new Payloads(300, delimiter);
    for (long seq = 0; seq < 500; seq++) {
      byte[] bytes = payload(p, Payloads.tag(1, seq)).getBytes();
      for (byte b : bytes) {
        assertThat(b).isBetween((byte) 0x21, (byte) 0x7e).isNotIn('0', 'a');
      }
    }
  }

  @Test
  void aChangedByteOrLengthDoesNotMatch() {
    Payloads p = new Payloads(64, new byte[0]);
    long tag = Payloads.tag(2, 77);
    for (int i = 0; i < 64; i++) {
      Buffer b = payload(p, tag);
      b.setByte(i, (byte) 1);
      assertThat(p.matches(b, tag)).as("byte %d changed", i).isFalse();
    }
    assertThat(p.matches(payload(p, tag).appendByte((byte) 'x'), tag)).isFalse();
    assertThat(p.matches(payload(p, tag).slice(0, 63), tag)).isFalse();
  }

  @Test
  void tinyPayloadsStillCarryTheSequence() {
    Payloads p = new Payloads(2, new byte[0]);
    assertThat(payload(p, 0).toString()).isNotEqualTo(payload(p, 1).toString());
    assertThatThrownBy(() -> new Payloads(0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
