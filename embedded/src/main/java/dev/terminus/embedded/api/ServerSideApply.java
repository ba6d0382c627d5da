package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.embedded.api.Writes.Written;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Server-side apply ({@code application/apply-patch+yaml}), as far as kubectl's {@code apply
 * --server-side} needs it: the object is created, or the configuration merged into it (strategic
 * for built-in kinds), and the fields the same field manager applied before and no longer applies
 * are removed. There are no managed fields and no conflicts: {@code force} changes nothing.
 */
final class ServerSideApply {

  private final Upstream upstream;
  private final ReadModifyWrite readModifyWrite;
  private final BiFunction<ApiRequest, ResourcePath, Written> create;

  /** The last configuration each field manager applied to each object (by uid). */
  private final Map<String, JsonNode> lastApplied = new ConcurrentHashMap<>();

  /**
   * @param create creates an object from a request (with its type resolved by the caller)
   */
  ServerSideApply(
      Upstream upstream,
      ReadModifyWrite readModifyWrite,
      BiFunction<ApiRequest, ResourcePath, Written> create) {
    this.upstream = upstream;
    this.readModifyWrite = readModifyWrite;
    this.create = create;
  }

  Written apply(ApiRequest request, ResourcePath path, ResourceType type) {
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
      Written created = create.apply(withBody(request, applied), path);
      remember(created.object(), manager, path, applied);
      return created;
    }
    JsonNode previous = lastApplied.get(key(current, manager, path));
    JsonNode patch = MergePatch.apply(MergePatch.removals(previous, applied), applied);
    Written written =
        readModifyWrite.change(
            request,
            path,
            type,
            c -> type.isCustom() ? MergePatch.apply(c, patch) : StrategicMergePatch.apply(c, patch),
            applied);
    remember(written.object(), manager, path, applied);
    return written;
  }

  private void remember(JsonNode object, String manager, ResourcePath path, JsonNode applied) {
    if (object != null && Json.textAt(object, "metadata", "uid") != null) {
      lastApplied.put(key(object, manager, path), applied);
    }
  }

  private static String key(JsonNode object, String manager, ResourcePath path) {
    return Json.textAt(object, "metadata", "uid") + "|" + manager + "|" + path.isStatus();
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
}
