package dev.terminus.embedded.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON (and YAML, a superset) as Jackson trees: the front handles objects without typing them. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Parses JSON; a 400 {@link ApiError} when it is not. */
  static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiError.badRequest("the body is not valid JSON: " + e.getMessage());
    }
  }

  /** Parses YAML or JSON (apply configurations are sent as either). */
  static JsonNode parseYaml(byte[] body) {
    try {
      return YAML.readTree(body);
    } catch (IOException e) {
      throw ApiError.badRequest("the body is not valid YAML: " + e.getMessage());
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  /** The text at a path of field names, or null when absent or not a value. */
  static String textAt(JsonNode node, String... fields) {
    JsonNode at = node;
    for (String field : fields) {
      if (at == null) {
        return null;
      }
      at = at.get(field);
    }
    return at == null || at.isNull() || at.isContainerNode() ? null : at.asText();
  }
}
