package dev.framewire.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * {@code json}: the frame is one JSON object or array in UTF-8 (RFC 8259 section 8.1; the configured
 * charset only applies to {@code String} replies), optionally surrounded by whitespace. Parsed with
 * Jackson's streaming parser into the same maps and lists as {@code Buffer.toJsonObject()}, via
 * Vert.x's {@link JacksonCodec}, but with short messages and a UTF-8 check first (Jackson lets some
 * ill-formed UTF-8, such as overlong forms, through).
 */
final class JsonCodec implements BodyCodec {
  private static final JsonFactory JSON = new JsonFactory();
  /** Jackson messages may quote a long token; keep ours short. */
  private static final int MAX_DETAIL = 120;

  private final Charset charset;

  JsonCodec(Charset charset) {
    this.charset = charset;
  }

  @Override
  public Object decode(Buffer frame) throws DecodeException {
    byte[] bytes = frame.getBytes();
    int bad = Utf8.firstInvalid(bytes);
    if (bad >= 0) {
      throw new DecodeException("invalid UTF-8 at byte " + bad);
    }
    try (JsonParser parser = JSON.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new DecodeException("empty JSON frame");
      }
      if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
        throw new DecodeException("JSON frame must be an object or an array, not " + describe(first));
      }
      Object value = JacksonCodec.parseValue(parser);
      long end = parser.currentLocation().getByteOffset();
      JsonToken trailing;
      try {
        trailing = parser.nextToken();
      } catch (JsonProcessingException e) {
        trailing = JsonToken.NOT_AVAILABLE;
      }
      if (trailing != null) {
        throw new DecodeException("trailing data after the JSON "
            + (first == JsonToken.START_OBJECT ? "object" : "array") + " at byte " + end);
      }
      return value instanceof Map<?, ?> ? new JsonObject(cast(value)) : new JsonArray((List<?>) value);
    } catch (JsonProcessingException e) {
      throw new DecodeException("invalid JSON" + at(e.getLocation()) + ": " + detail(e));
    } catch (IOException | io.vertx.core.json.DecodeException e) {
      throw new DecodeException("invalid JSON: " + shorten(e.getMessage()));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private static String at(JsonLocation location) {
    return location == null || location.getByteOffset() < 0 ? "" : " at byte " + location.getByteOffset();
  }

  private static String detail(JsonProcessingException e) {
    return shorten(e.getOriginalMessage());
  }

  private static String shorten(String message) {
    if (message == null) {
      return "unreadable input";
    }
    String oneLine = message.replace('\n', ' ');
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
  }

  @Override
  public Buffer encode(Object body) {
    return Codecs.encodeReply(body, charset);
  }
}
