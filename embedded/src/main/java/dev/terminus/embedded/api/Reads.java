package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** GET of an object or a collection: selectors evaluated here, Tables when asked for. */
final class Reads {

  private final Upstream upstream;
  private final Tables tables;
  private final ListedByName listed;

  Reads(Upstream upstream, Tables tables, ListedByName listed) {
    this.upstream = upstream;
    this.tables = tables;
    this.listed = listed;
  }

  JsonNode get(ApiRequest request, ResourcePath path, ResourceType type) {
    if (path.isCollection()) {
      return list(request, path, type);
    }
    JsonNode object = upstream.getObject(path);
    if (object == null) {
      throw ApiError.notFound(path);
    }
    return request.wantsTable()
        ? tables.table(type, List.of(object), null, request.param("includeObject"))
        : object;
  }

  /** The selected objects of the collection, as a typed list (WorkflowExecutionList, ...). */
  JsonNode list(ApiRequest request, ResourcePath path, ResourceType type) {
    JsonNode stored = Upstream.checked(upstream.get(path.toPath())).json();
    String version = stored.path("metadata").path("resourceVersion").asText("0");
    Predicate<JsonNode> selected = Selectors.of(request);
    List<JsonNode> items = new ArrayList<>();
    stored
        .path("items")
        .forEach(
            item -> {
              if (selected.test(item)) {
                items.add(item);
              }
            });
    String name = ListedByName.nameSelected(request.param("fieldSelector"));
    if (name != null && path.namespace() != null) {
      listed.listed(path, name, version, !items.isEmpty());
    }
    // As etcd returns them: by namespace, then name.
    items.sort(
        Comparator.comparing(
                (JsonNode o) -> String.valueOf(Json.textAt(o, "metadata", "namespace")))
            .thenComparing(o -> String.valueOf(Json.textAt(o, "metadata", "name"))));
    if (request.wantsTable()) {
      return tables.table(type, items, version, request.param("includeObject"));
    }
    ObjectNode list =
        Json.object().put("apiVersion", type.apiVersion()).put("kind", type.kind() + "List");
    list.putObject("metadata").put("resourceVersion", version);
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }
}
