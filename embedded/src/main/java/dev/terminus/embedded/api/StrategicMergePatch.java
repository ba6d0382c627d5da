package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch for built-in kinds, as far as kubectl's everyday patches need it: a merge
 * patch in which the lists Kubernetes declares with a merge key merge element by element (Job and
 * Pod conditions by {@code type}, containers and env by {@code name}, ...), finalizers merge as a
 * set, and the {@code $patch}, {@code $retainKeys}, {@code $setElementOrder} and {@code
 * $deleteFromPrimitiveList} directives are honoured. Every other list is replaced.
 */
final class StrategicMergePatch {

  /** List fields of the built-in kinds with patchStrategy "merge", by their patchMergeKey. */
  private static final Map<String, String> MERGE_KEYS =
      Map.of(
          "conditions", "type",
          "containers", "name",
          "initContainers", "name",
          "ephemeralContainers", "name",
          "env", "name",
          "volumes", "name",
          "volumeMounts", "mountPath",
          "imagePullSecrets", "name",
          "ownerReferences", "uid");

  /** Primitive lists with patchStrategy "merge": the patch's values are added. */
  private static final Set<String> MERGED_SETS = Set.of("finalizers");

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

  private StrategicMergePatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    String directive = patch.path(PATCH).asText("");
    if (directive.equals("delete")) {
      return null;
    }
    ObjectNode result =
        target != null && target.isObject() && !directive.equals("replace")
            ? target.deepCopy()
            : Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      applyField(result, field.getKey(), field.getValue());
    }
    retainKeys(result, patch.get(RETAIN_KEYS));
    return result;
  }

  private static void applyField(ObjectNode result, String name, JsonNode value) {
    if (name.startsWith(DELETE_FROM)) {
      deleteFromList(result, name.substring(DELETE_FROM.length()), value);
    } else if (name.startsWith("$")) {
      return; // $patch and $retainKeys are handled by the caller; $setElementOrder is cosmetic
    } else if (value.isNull()) {
      result.remove(name);
    } else if (value.isArray() && result.path(name).isArray()) {
      result.set(name, mergeList(name, (ArrayNode) result.get(name), (ArrayNode) value));
    } else {
      JsonNode merged = apply(result.get(name), value);
      if (merged == null) {
        result.remove(name);
      } else {
        result.set(name, merged);
      }
    }
  }

  private static JsonNode mergeList(String name, ArrayNode current, ArrayNode patch) {
    if (MERGED_SETS.contains(name)) {
      ArrayNode union = current.deepCopy();
      Set<JsonNode> present = new HashSet<>();
      current.forEach(present::add);
      patch.forEach(
          v -> {
            if (present.add(v)) {
              union.add(v.deepCopy());
            }
          });
      return union;
    }
    String key = MERGE_KEYS.get(name);
    if (key == null || replacesWholeList(patch)) {
      return withoutDirectives(patch);
    }
    ArrayNode merged = current.deepCopy();
    for (JsonNode element : patch) {
      int index = indexOf(merged, key, element.get(key));
      JsonNode next = apply(index < 0 ? null : merged.get(index), element);
      if (index >= 0 && next == null) {
        merged.remove(index);
      } else if (index >= 0) {
        merged.set(index, next);
      } else if (next != null) {
        merged.add(next);
      }
    }
    return merged;
  }

  private static boolean replacesWholeList(ArrayNode patch) {
    for (JsonNode element : patch) {
      if (element.path(PATCH).asText("").equals("replace") && element.size() == 1) {
        return true;
      }
    }
    return false;
  }

  private static ArrayNode withoutDirectives(ArrayNode patch) {
    ArrayNode result = Json.array();
    for (JsonNode element : patch) {
      if (!(element.isObject() && element.has(PATCH) && element.size() == 1)) {
        result.add(element.isObject() ? apply(null, element) : element.deepCopy());
      }
    }
    return result;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; value != null && i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static void deleteFromList(ObjectNode result, String name, JsonNode values) {
    if (!result.path(name).isArray()) {
      return;
    }
    Set<JsonNode> doomed = new HashSet<>();
    values.forEach(doomed::add);
    ArrayNode kept = Json.array();
    result
        .get(name)
        .forEach(
            v -> {
              if (!doomed.contains(v)) {
                kept.add(v);
              }
            });
    result.set(name, kept);
  }

  private static void retainKeys(ObjectNode result, JsonNode keys) {
    if (keys == null || !keys.isArray()) {
      return;
    }
    Set<String> retained = new HashSet<>();
    keys.forEach(k -> retained.add(k.asText()));
    List<String> names = iterableToList(result.fieldNames());
    names.stream().filter(n -> !retained.contains(n)).forEach(result::remove);
  }

  private static List<String> iterableToList(Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
