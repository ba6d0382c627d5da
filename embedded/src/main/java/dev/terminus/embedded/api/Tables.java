package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.embedded.api.ResourceType.PrinterColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Table responses ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}), which is how
 * {@code kubectl get} prints columns: a custom resource gets Name and its CRD's
 * additionalPrinterColumns (or Name and Age when it has none), a built-in kind its usual columns.
 */
final class Tables {

  private final Supplier<Instant> now;
  private final BuiltInColumns builtIn;

  Tables(Supplier<Instant> now) {
    this.now = now;
    this.builtIn = new BuiltInColumns(now);
  }

  /**
   * The objects as a Table.
   *
   * @param includeObject the request's includeObject: None, Metadata (default) or Object
   */
  ObjectNode table(
      ResourceType type, List<JsonNode> objects, String resourceVersion, String includeObject) {
    List<Column> columns = columns(type);
    ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    columns.forEach(c -> definitions.add(c.definition()));
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      rows.add(row(columns, object, includeObject));
    }
    return table;
  }

  private ObjectNode row(List<Column> columns, JsonNode object, String includeObject) {
    ObjectNode row = Json.object();
    ArrayNode cells = row.putArray("cells");
    columns.forEach(c -> cells.add(c.cell().apply(object)));
    if ("Object".equals(includeObject)) {
      row.set("object", object);
    } else if (!"None".equals(includeObject)) {
      ObjectNode partial =
          Json.object().put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
      row.set("object", partial);
    }
    return row;
  }

  private List<Column> columns(ResourceType type) {
    if (!type.isCustom()) {
      return builtIn.of(type);
    }
    if (type.printerColumns().isEmpty()) {
      return List.of(Column.name(), builtIn.age());
    }
    List<Column> columns = new ArrayList<>();
    columns.add(Column.name());
    type.printerColumns().forEach(c -> columns.add(printerColumn(c)));
    return columns;
  }

  /** As the apiextensions server's table convertor: dates as ages, missing values as null. */
  private Column printerColumn(PrinterColumn c) {
    return Column.of(
        c.name(),
        c.type(),
        c.format(),
        c.priority(),
        c.description(),
        o -> {
          JsonNode value = JsonPaths.read(o, c.jsonPath());
          if (value.isMissingNode() || value.isNull()) {
            return JsonNodeFactory.instance.nullNode();
          }
          if ("date".equals(c.type())) {
            return Column.textNode(Ages.since(value.asText(), now.get()));
          }
          if ("string".equals(c.type())) {
            return Column.textNode(value.isValueNode() ? value.asText() : Json.text(value));
          }
          return value;
        });
  }
}
