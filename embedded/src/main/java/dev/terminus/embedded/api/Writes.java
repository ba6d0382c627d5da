package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Creates, updates, patches and deletes, with schema validation of custom resources. JSON patches
 * and plain writes go to the mock as they are; merge patches, strategic merge patches and
 * server-side apply are computed here ({@link ReadModifyWrite}, {@link ServerSideApply}).
 */
final class Writes {

  static final String JSON_PATCH = "application/json-patch+json";

  private final Upstream upstream;
  private final Reads reads;
  private final Validation validation = new Validation();
  private final ReadModifyWrite readModifyWrite;
  private final ServerSideApply serverSideApply;

  Writes(Upstream upstream, Reads reads, ResourceCatalog catalog) {
    this.upstream = upstream;
    this.reads = reads;
    this.readModifyWrite = new ReadModifyWrite(upstream, validation);
    this.serverSideApply =
        new ServerSideApply(
            upstream,
            readModifyWrite,
            (request, path) -> create(request, path, catalog.find(path).orElseThrow()));
  }

  /** A written object and the HTTP code to answer with. */
  record Written(int code, JsonNode object, List<String> warnings) {}

  Written create(ApiRequest request, ResourcePath path, ResourceType type) {
    ObjectNode object = RequestBodies.object(request, path, type);
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
    ObjectNode object = RequestBodies.object(request, path, type);
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
        yield readModifyWrite.change(
            request, path, type, current -> MergePatch.apply(current, patch), patch);
      }
      case "application/strategic-merge-patch+json" -> {
        if (type.isCustom()) {
          throw ApiError.unsupportedMediaType(media);
        }
        JsonNode patch = Json.parse(request.body());
        yield readModifyWrite.change(
            request, path, type, current -> StrategicMergePatch.apply(current, patch), patch);
      }
      case "application/apply-patch+yaml" -> serverSideApply.apply(request, path, type);
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

  static boolean isDryRun(ApiRequest request) {
    return request.param("dryRun") != null && !request.param("dryRun").isEmpty();
  }

  private static JsonNode success(ResourcePath path) {
    ObjectNode status =
        Json.object().put("kind", "Status").put("apiVersion", "v1").put("status", "Success");
    status.putObject("metadata");
    status.putObject("details").put("name", path.name()).put("kind", path.resource());
    return status;
  }
}
