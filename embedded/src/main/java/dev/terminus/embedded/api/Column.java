package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/** One column of a Table: its definition (as the API server sends it) and how to fill a cell. */
record Column(ObjectNode definition, Function<JsonNode, JsonNode> cell) {

  static final String NAME_DESCRIPTION =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated.";

  static Column of(
      String name,
      String type,
      String format,
      int priority,
      String description,
      Function<JsonNode, JsonNode> cell) {
    ObjectNode definition =
        Json.object()
            .put("name", name)
            .put("type", type)
            .put("format", format)
            .put("description", description)
            .put("priority", priority);
    return new Column(definition, cell);
  }

  /** A string column shown by default. */
  static Column text(String name, String description, Function<JsonNode, String> value) {
    return of(name, "string", "", 0, description, o -> textNode(value.apply(o)));
  }

  /** A string column shown with {@code -o wide}. */
  static Column wide(String name, String description, Function<JsonNode, String> value) {
    return of(name, "string", "", 1, description, o -> textNode(value.apply(o)));
  }

  static Column name() {
    return of(
        "Name",
        "string",
        "name",
        0,
        NAME_DESCRIPTION,
        o -> textNode(o.path("metadata").path("name").asText()));
  }

  static JsonNode textNode(String value) {
    return value == null
        ? JsonNodeFactory.instance.nullNode()
        : JsonNodeFactory.instance.textNode(value);
  }
}
