package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The discovery documents kubectl reads before anything else: {@code /version}, {@code /api},
 * {@code /api/v1}, {@code /apis} and {@code /apis/<group>/<version>}. Served as plain JSON (the
 * legacy, non-aggregated form), which every kubectl understands.
 */
final class Discovery {

  /** The Kubernetes version the embedded API claims to be. */
  static final String GIT_VERSION = "v1.32.0";

  private final ResourceCatalog catalog;

  Discovery(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  static ObjectNode version() {
    return Json.object()
        .put("major", "1")
        .put("minor", "32")
        .put("gitVersion", GIT_VERSION + "+terminus-embedded")
        .put("gitCommit", "0000000000000000000000000000000000000000")
        .put("gitTreeState", "clean")
        .put("buildDate", "2026-01-01T00:00:00Z")
        .put("goVersion", "go1.23")
        .put("compiler", "gc")
        .put("platform", "linux/amd64");
  }

  /** {@code /api}: the core group's versions. */
  static ObjectNode coreVersions() {
    ObjectNode versions = Json.object().put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    versions.putArray("serverAddressByClientCIDRs");
    return versions;
  }

  /** {@code /apis}: every named group with its one version. */
  ObjectNode groups() {
    ObjectNode list = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (String group : catalog.groups()) {
      if (!group.isEmpty()) {
        groups.add(group(group));
      }
    }
    return list;
  }

  /** {@code /apis/<group>}, or null when the group is unknown. */
  ObjectNode groupOrNull(String group) {
    if (group.isEmpty() || !catalog.groups().contains(group)) {
      return null;
    }
    return group(group).put("kind", "APIGroup").put("apiVersion", "v1");
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}, or null when nothing is served there. */
  ObjectNode resourcesOrNull(String group, String version) {
    List<ResourceType> types = catalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode list =
        Json.object()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      resources.add(resource(type));
      if (type.statusSubresource()) {
        resources.add(statusSubresource(type));
      }
    }
    return list;
  }

  private ObjectNode group(String group) {
    String version =
        catalog.all().stream()
            .filter(t -> t.group().equals(group))
            .findFirst()
            .orElseThrow()
            .version();
    ObjectNode node = Json.object().put("name", group);
    ObjectNode preferred =
        Json.object().put("groupVersion", group + "/" + version).put("version", version);
    node.putArray("versions").add(preferred.deepCopy());
    node.set("preferredVersion", preferred);
    return node;
  }

  private static ObjectNode resource(ResourceType type) {
    ObjectNode node =
        Json.object()
            .put("name", type.plural())
            .put("singularName", type.singular())
            .put("namespaced", type.namespaced())
            .put("kind", type.kind());
    ArrayNode verbs = node.putArray("verbs");
    type.verbs().forEach(verbs::add);
    if (!type.shortNames().isEmpty()) {
      ArrayNode shortNames = node.putArray("shortNames");
      type.shortNames().forEach(shortNames::add);
    }
    ArrayNode categories = node.putArray("categories");
    type.categories().forEach(categories::add);
    if (type.isCustom() && type.categories().isEmpty()) {
      node.remove("categories");
    }
    node.put("storageVersionHash", Integer.toHexString(type.kind().hashCode()));
    return node;
  }

  private static ObjectNode statusSubresource(ResourceType type) {
    ObjectNode node =
        Json.object()
            .put("name", type.plural() + "/status")
            .put("singularName", "")
            .put("namespaced", type.namespaced())
            .put("kind", type.kind());
    node.putArray("verbs").add("get").add("patch").add("update");
    return node;
  }
}
