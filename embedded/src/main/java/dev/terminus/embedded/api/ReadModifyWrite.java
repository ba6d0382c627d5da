package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.embedded.api.Writes.Written;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The patches the mock gets wrong (merge, strategic merge, apply), done here: read the object,
 * change it, write it back under the resourceVersion read; retried when someone else wrote in
 * between, unless the client itself gave a resourceVersion (then its conflict is its answer). A
 * status path changes only the status; the object's path never changes a status subresource.
 */
final class ReadModifyWrite {

  private static final int ATTEMPTS = 10;

  private final Upstream upstream;
  private final Validation validation;

  ReadModifyWrite(Upstream upstream, Validation validation) {
    this.upstream = upstream;
    this.validation = validation;
  }

  /**
   * @param patch what the client sent, to see whether it names a resourceVersion
   */
  Written change(
      ApiRequest request,
      ResourcePath path,
      ResourceType type,
      UnaryOperator<JsonNode> change,
      JsonNode patch) {
    boolean clientVersion = Json.textAt(patch, "metadata", "resourceVersion") != null;
    for (int attempt = 1; ; attempt++) {
      JsonNode current = upstream.getObject(path);
      if (current == null) {
        throw ApiError.notFound(path);
      }
      ObjectNode updated = confine(path, type, current, (ObjectNode) change.apply(current));
      List<String> warnings = validation.check(request, type, updated);
      if (Writes.isDryRun(request)) {
        return new Written(200, updated, warnings);
      }
      Upstream.Reply reply = write(path, updated);
      if (reply.code() == 409 && !clientVersion && attempt < ATTEMPTS) {
        continue;
      }
      JsonNode written = Upstream.checked(reply).json();
      return new Written(200, written.isEmpty() ? updated : written, warnings);
    }
  }

  /** What a write to this path may change: only the status, or anything but the status. */
  private static ObjectNode confine(
      ResourcePath path, ResourceType type, JsonNode current, ObjectNode changed) {
    if (path.isStatus()) {
      ObjectNode updated = current.deepCopy();
      setOrRemove(updated, "status", changed.get("status"));
      return updated;
    }
    if (type.statusSubresource()) {
      setOrRemove(changed, "status", current.get("status"));
    }
    return changed;
  }

  /**
   * The object to the mock: PUT for the object (the mock checks its resourceVersion), a JSON patch
   * for the status (the mock checks a PUT's resourceVersion on status paths only through a patch).
   */
  private Upstream.Reply write(ResourcePath path, ObjectNode updated) {
    if (!path.isStatus()) {
      return upstream.send("PUT", path.object().toPath(), "application/json", Json.bytes(updated));
    }
    var operations = Json.array();
    operations
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", Json.textAt(updated, "metadata", "resourceVersion"));
    operations
        .addObject()
        .put("op", "add")
        .put("path", "/status")
        .set("value", updated.has("status") ? updated.get("status") : Json.object());
    return upstream.send("PATCH", path.toPath(), Writes.JSON_PATCH, Json.bytes(operations));
  }

  private static void setOrRemove(ObjectNode object, String field, JsonNode value) {
    if (value == null || value.isMissingNode()) {
      object.remove(field);
    } else {
      object.set(field, value);
    }
  }
}
