package dev.framewire.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Binds configuration JSON into {@link ConfigSpec.Root} with a strict Jackson mapper: unknown keys,
 * and values of the wrong JSON type (a string for a number, a number for a string, a fraction for
 * an integer) are errors, never coerced.
 *
 * <p>Jackson stops at the first problem. To report them all, each problem is recorded with its
 * path, the offending value is taken out of a copy of the tree (unknown keys removed, wrong-typed
 * values nulled, i.e. "not set") and binding is retried, until it succeeds.
 */
final class ConfigBinder {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private static final int MAX_LENGTH_SHOWN = 60;

  private ConfigBinder() {
  }

  /** Binds {@code json}, adding every binding problem to {@code errors}; never null. */
  static ConfigSpec.Root bind(JsonObject json, Errors errors) {
    String text = json.encode();
    ObjectNode tree;
    try {
      tree = (ObjectNode) MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JsonObject did not encode to a JSON object", e);
    }
    // Each round removes or nulls one value, so this ends; the bound is a safety net.
    int maxRounds = text.length() + 2;
    for (int round = 0; round < maxRounds; round++) {
      try {
        return MAPPER.treeToValue(tree, ConfigSpec.Root.class);
      } catch (UnrecognizedPropertyException e) {
        String path = path(e.getPath());
        errors.add(path, "unknown key (known: " + knownKeys(e) + ")");
        if (!remove(tree, e.getPath())) {
          break;
        }
      } catch (MismatchedInputException e) {
        String path = path(e.getPath());
        JsonNode value = at(tree, e.getPath());
        errors.add(path, "must be " + expected(e.getTargetType()) + " (was " + show(value) + ")");
        if (value == null || value.isNull() || !replaceWithNull(tree, e.getPath())) {
          break;
        }
      } catch (JsonProcessingException | IllegalArgumentException e) {
        List<JsonMappingException.Reference> refs = e instanceof JsonMappingException jme
            ? jme.getPath() : List.of();
        JsonNode value = at(tree, refs);
        String message = value != null && value.isIntegralNumber()
            ? "out of range (was " + show(value) + ")" // beyond a long: no limit in the config is that wide
            : "cannot be read: " + (e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage());
        errors.add(refs.isEmpty() ? "config" : path(refs), message);
        if (refs.isEmpty() || !replaceWithNull(tree, refs)) {
          break;
        }
      }
    }
    // Unreachable in practice; the errors already recorded explain the failure.
    return new ConfigSpec.Root(null, null, null, null, null, null, null, null, null);
  }

  /** {@code listeners[2].framing.headerBytes}. */
  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "config" : sb.toString();
  }

  /** A JSON value as it appears in "(was ...)": strings quoted and escaped, long values cut. */
  static String show(JsonNode value) {
    String text = value == null ? "null" : value.toString();
    return text.length() <= MAX_LENGTH_SHOWN ? text : text.substring(0, MAX_LENGTH_SHOWN - 3) + "...";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type == ArrayNode.class) {
      return "an array";
    }
    if (type == ConfigSpec.Framing.class || type == ConfigSpec.Codec.class
        || type == ConfigSpec.OnError.class || type == ConfigSpec.Permitted.class) {
      return "a string or an object";
    }
    return "an object";
  }

  private static String knownKeys(UnrecognizedPropertyException e) {
    Class<?> type = e.getReferringClass();
    if (type != null && type.isRecord()) {
      return Arrays.stream(type.getRecordComponents())
          .map(RecordComponent::getName)
          .collect(Collectors.joining(", "));
    }
    return e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
        .map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> refs) {
    JsonNode node = root;
    for (JsonMappingException.Reference ref : refs) {
      if (node == null) {
        return null;
      }
      node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
    }
    return node;
  }

  private static boolean remove(JsonNode root, List<JsonMappingException.Reference> refs) {
    if (refs.isEmpty()) {
      return false;
    }
    JsonNode parent = at(root, refs.subList(0, refs.size() - 1));
    JsonMappingException.Reference last = refs.get(refs.size() - 1);
    if (parent instanceof ObjectNode object && last.getFieldName() != null) {
      return object.remove(last.getFieldName()) != null;
    }
    return false;
  }

  private static boolean replaceWithNull(JsonNode root, List<JsonMappingException.Reference> refs) {
    if (refs.isEmpty()) {
      return false;
    }
    JsonNode parent = at(root, refs.subList(0, refs.size() - 1));
    JsonMappingException.Reference last = refs.get(refs.size() - 1);
    if (parent instanceof ObjectNode object && last.getFieldName() != null
        && object.has(last.getFieldName())) {
      object.set(last.getFieldName(), NullNode.getInstance());
      return true;
    }
    if (parent instanceof ArrayNode array && last.getFieldName() == null
        && last.getIndex() >= 0 && last.getIndex() < array.size()) {
      array.set(last.getIndex(), NullNode.getInstance());
      return true;
    }
    return false;
  }
}
