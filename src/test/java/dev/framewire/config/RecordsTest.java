package dev.framewire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {

  @Test
  void framingConfigComparesDelimiterContent() {
    FramingConfig a = FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {'\r', '\n'});
    FramingConfig b = FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {'\r', '\n'});
    FramingConfig c = FramingConfig.of(FramingType.DELIMITED).withDelimiter(new byte[] {'\n'});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a).isNotEqualTo(a.withMaxLength(10)).isNotEqualTo(a.withSize(3))
        .isNotEqualTo(a.withHeader(2, ByteOrder.BIG_ENDIAN, false));
    assertThat(FramingConfig.of(FramingType.RAW)).isEqualTo(FramingConfig.of(FramingType.RAW));
    assertThat(a.toString()).contains("type=DELIMITED", "delimiter=0d0a");
  }

  @Test
  void framingConfigCannotBeChangedThroughItsDelimiterArray() {
    byte[] given = {'|'};
    FramingConfig framing = FramingConfig.of(FramingType.DELIMITED).withDelimiter(given);
    given[0] = 'x';
    framing.delimiter()[0] = 'y';

    assertThat(framing.delimiter()).containsExactly('|');
  }

  @Test
  void framingConfigDefaultsPerType() {
    assertThat(FramingConfig.of(FramingType.LINES).delimiter()).containsExactly('\n');
    assertThat(FramingConfig.of(FramingType.DELIMITED).delimiter()).containsExactly('\n');
    assertThat(FramingConfig.of(FramingType.DATAGRAM).delimiter()).isNull();
    FramingConfig lp = FramingConfig.of(FramingType.LENGTH_PREFIXED);
    assertThat(lp.headerBytes()).isEqualTo(FramingConfig.DEFAULT_HEADER_BYTES);
    assertThat(lp.byteOrder()).isEqualTo(FramingConfig.DEFAULT_BYTE_ORDER);
    assertThat(lp.maxLength()).isEqualTo(FramingConfig.DEFAULT_MAX_LENGTH);
  }

  @Test
  void handlerConfigIsImmutable() {
    JsonObject json = new JsonObject().put("a", 1);
    HandlerConfig handler = new HandlerConfig(HandlerType.VERTICLE, "x", null, null, null, null,
        "com.example.X", json);
    json.put("a", 2);
    handler.config().put("a", 3);

    assertThat(handler.config()).isEqualTo(new JsonObject().put("a", 1));
    assertThat(handler.delay()).isEqualTo(Duration.ZERO);
    assertThat(HandlerConfig.of(HandlerType.ECHO, "x").config()).isEqualTo(new JsonObject());
    assertThat(HandlerConfig.of(HandlerType.TEMPLATE, "x").template()).isEqualTo("{text}");
  }

  @Test
  void requiredComponentsAreChecked() {
    assertThatThrownBy(() -> FramingConfig.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CodecConfig(CodecType.TEXT, null)).hasMessage("charset");
    assertThatThrownBy(() -> ListenerConfig.of("l", Protocol.TCP, 1, FramingConfig.of(FramingType.RAW),
        CodecConfig.of(CodecType.BYTES), null)).hasMessage("address");
    assertThatThrownBy(() -> HandlerConfig.of(null, "a")).hasMessage("type");
  }

  @Test
  void configExceptionListsEveryErrorOnePerLine() {
    ConfigException e = new ConfigException(List.of("a: one", "b[0].c: two"));
    assertThat(e.errors()).containsExactly("a: one", "b[0].c: two");
    assertThat(e).hasMessage("a: one\nb[0].c: two");
    assertThatThrownBy(() -> new ConfigException(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
