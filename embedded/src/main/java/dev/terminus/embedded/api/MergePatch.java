package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch as RFC 7386 defines it: objects merge recursively, {@code null} removes a field,
 * and anything else, arrays included, replaces. (The mock appends arrays and stores nulls, so
 * {@code kubectl patch --type merge} could never remove a node or a finalizer through it.)
 */
final class MergePatch {

  private MergePatch() {}

  /** The target with the patch applied; neither argument is modified. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? target.deepCopy() : Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /**
   * A merge patch that removes what {@code before} had and {@code after} has not (nulls), the way
   * an apply removes the fields its previous configuration set and the new one no longer does.
   */
  static ObjectNode removals(JsonNode before, JsonNode after) {
    ObjectNode patch = Json.object();
    if (before == null || !before.isObject()) {
      return patch;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode now = after == null ? null : after.get(field.getKey());
      if (now == null) {
        patch.putNull(field.getKey());
      } else if (field.getValue().isObject() && now.isObject()) {
        ObjectNode nested = removals(field.getValue(), now);
        if (!nested.isEmpty()) {
          patch.set(field.getKey(), nested);
        }
      }
    }
    return patch;
  }
}
