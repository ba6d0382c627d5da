package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Creates, updates, patches and deletes. JSON patches and plain writes go to the mock as they are;
 * merge patches, strategic merge patches and server-side apply are computed here on the object read
 * from the mock and written back under its resourceVersion, retried when someone else wrote in
 * between (unless the client itself gave a resourceVersion).
 */
final class Writes {

  private static final int ATTEMPTS = 10;
  static final String JSON_PATCH = "application/json-patch+json";

  private final Upstream upstream;
  private final Reads reads;
  private final Validation validation;

  /** The last configuration each field manager applied to each object, for removals. */
  private final Map<String, JsonNode> lastApplied = new ConcurrentHashMap<>();

  Writes(Upstream upstream, Reads reads) {
    this.upstream = upstream;
    this.reads = reads;
    this.validation = new Validation();
  }

  /** A written object and the HTTP code to answer with. */
  record Written(int code, JsonNode object, List<String> warnings) {}

  Written create(ApiRequest request, ResourcePath path, ResourceType type) {
    ObjectNode object = body(request, path, type);
    List<String> warnings = validation.check(request, type, object);
    if (isDryRun(request)) {
      return new Written(201, object, warnings);
    }
    Upstream.Reply reply =
        upstream.send("POST", path.collection().toPath(), "application/json", Json.bytes(object));
    if (reply.code() == 409) {
      throw ApiError.alreadyExists(path, Json.textAt(object, "metadata", "name"));
    }
    return new Written(201, Upstream.checked(reply).json(), warnings);
  }

  Written update(ApiRequest request, ResourcePath path, ResourceType type) {
    ObjectNode object = body(request, path, type);
    List<String> warnings = validation.check(request, type, object);
    if (isDryRun(request)) {
      return new Written(200, object, warnings);
    }
    Upstream.Reply reply =
        upstream.send("PUT", path.toPath(), "application/json", Json.bytes(object));
    if (reply.code() == 404) {
      throw ApiError.notFound(path);
    }
    return new Written(200, Upstream.checked(reply).json(), warnings);
  }

  Written patch(ApiRequest request, ResourcePath path, ResourceType type) {
    String media = request.contentType().split(";")[0].trim();
    return switch (media) {
      case JSON_PATCH -> jsonPatch(request, path, type);
      case "application/merge-patch+json" -> {
        JsonNode patch = Json.parse(request.body());
        yield merge(request, path, type, current -> MergePatch.apply(current, patch), patch);
      }
      case "application/strategic-merge-patch+json" -> {
        if (type.isCustom()) {
          throw ApiError.unsupportedMediaType(media);
        }
        JsonNode patch = Json.parse(request.body());
        yield merge(
            request, path, type, current -> StrategicMergePatch.apply(current, patch), patch);
      }
      case "application/apply-patch+yaml" -> apply(request, path, type);
      default -> throw ApiError.unsupportedMediaType(media);
    };
  }

  /** Deletes an object, or each selected object of a collection. */
  Written delete(ApiRequest request, ResourcePath path, ResourceType type) {
    if (path.isCollection()) {
      JsonNode list = reads.list(request, path, type);
      for (JsonNode item : list.path("items")) {
        upstream.send(
            "DELETE", path.withName(Json.textAt(item, "metadata", "name")).toPath(), null, null);
      }
      return new Written(200, list, List.of());
    }
    Upstream.Reply reply = upstream.send("DELETE", path.toPath(), null, null);
    if (reply.code() == 404) {
      throw ApiError.notFound(path);
    }
    JsonNode deleted = Upstream.checked(reply).json();
    return new Written(200, deleted.isEmpty() ? success(path) : deleted, List.of());
  }

  private Written jsonPatch(ApiRequest request, ResourcePath path, ResourceType type) {
    Upstream.Reply reply = upstream.send("PATCH", path.toPath(), JSON_PATCH, request.body());
    if (reply.code() == 404) {
      throw ApiError.notFound(path);
    }
    return new Written(200, Upstream.checked(reply).json(), List.of());
  }

  /** Server-side apply: create the object, or merge the configuration into it. */
  private Written apply(ApiRequest request, ResourcePath path, ResourceType type) {
    JsonNode applied = Json.parseYaml(request.body());
    if (!applied.isObject()) {
      throw ApiError.badRequest("an apply configuration must be an object");
    }
    String manager = request.param("fieldManager");
    JsonNode current = upstream.getObject(path);
    if (current == null) {
      if (path.isStatus()) {
        throw ApiError.notFound(path);
      }
      Written created = create(withBody(request, applied), path, type);
      remember(created.object(), manager, path, applied);
      return created;
    }
    JsonNode previous = lastApplied.get(key(current, manager, path));
    JsonNode patch = MergePatch.apply(MergePatch.removals(previous, applied), applied);
    Written written =
        merge(
            request,
            path,
            type,
            c -> type.isCustom() ? MergePatch.apply(c, patch) : StrategicMergePatch.apply(c, patch),
            applied);
    remember(written.object(), manager, path, applied);
    return written;
  }

  /**
   * Reads the object, changes it, writes it back under the resourceVersion read. A status path
   * changes only the status; the object's path never changes a status subresource.
   */
  private Written merge(
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
      ObjectNode changed = (ObjectNode) change.apply(current);
      ObjectNode updated = confine(path, type, current, changed);
      List<String> warnings = validation.check(request, type, updated);
      if (isDryRun(request)) {
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
    return upstream.send("PATCH", path.toPath(), JSON_PATCH, Json.bytes(operations));
  }

  /** The request's object, with kind, apiVersion and namespace filled in from the path. */
  private static ObjectNode body(ApiRequest request, ResourcePath path, ResourceType type) {
    JsonNode body =
        request.contentType().contains("yaml")
            ? Json.parseYaml(request.body())
            : Json.parse(request.body());
    if (!body.isObject()) {
      throw ApiError.badRequest("the body must be an object");
    }
    ObjectNode object = (ObjectNode) body;
    if (!object.hasNonNull("apiVersion")) {
      object.put("apiVersion", type.apiVersion());
    }
    if (!object.hasNonNull("kind")) {
      object.put("kind", type.kind());
    }
    ObjectNode metadata =
        object.has("metadata") && object.get("metadata").isObject()
            ? (ObjectNode) object.get("metadata")
            : object.putObject("metadata");
    if (path.namespace() != null && !metadata.hasNonNull("namespace")) {
      metadata.put("namespace", path.namespace());
    }
    if (path.name() != null && !metadata.hasNonNull("name")) {
      metadata.put("name", path.name());
    }
    if (type.kind().equals("Secret") && type.group().isEmpty()) {
      moveStringData(object);
    }
    return object;
  }

  /** As the API server stores a Secret: stringData is write-only, merged into data in base64. */
  private static void moveStringData(ObjectNode secret) {
    JsonNode stringData = secret.remove("stringData");
    if (stringData == null || !stringData.isObject()) {
      return;
    }
    ObjectNode data =
        secret.has("data") && secret.get("data").isObject()
            ? (ObjectNode) secret.get("data")
            : secret.putObject("data");
    stringData
        .fields()
        .forEachRemaining(
            field ->
                data.put(
                    field.getKey(),
                    java.util.Base64.getEncoder()
                        .encodeToString(
                            field
                                .getValue()
                                .asText()
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  private static ApiRequest withBody(ApiRequest request, JsonNode body) {
    return new ApiRequest(
        request.method(),
        request.path(),
        request.query(),
        "application/json",
        request.accept(),
        Json.bytes(body));
  }

  private void remember(JsonNode object, String manager, ResourcePath path, JsonNode applied) {
    if (object != null && Json.textAt(object, "metadata", "uid") != null) {
      lastApplied.put(key(object, manager, path), applied);
    }
  }

  private static String key(JsonNode object, String manager, ResourcePath path) {
    return Json.textAt(object, "metadata", "uid") + "|" + manager + "|" + path.isStatus();
  }

  private static boolean isDryRun(ApiRequest request) {
    return request.param("dryRun") != null && !request.param("dryRun").isEmpty();
  }

  private static void setOrRemove(ObjectNode object, String field, JsonNode value) {
    if (value == null || value.isMissingNode()) {
      object.remove(field);
    } else {
      object.set(field, value);
    }
  }

  private static JsonNode success(ResourcePath path) {
    ObjectNode status =
        Json.object().put("kind", "Status").put("apiVersion", "v1").put("status", "Success");
    status.putObject("metadata");
    status.putObject("details").put("name", path.name()).put("kind", path.resource());
    return status;
  }
}
