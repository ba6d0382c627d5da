package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * OpenAPI v3: the {@code /openapi/v3} index and one document per group-version. kubectl reads them
 * before {@code apply}, {@code create} and {@code patch} to learn that the server validates fields
 * itself (the {@code fieldValidation} parameter of each PATCH operation): it then sends {@code
 * fieldValidation=Strict} instead of validating on the client, which would need OpenAPI v2 in
 * protobuf. Custom resources carry their CRD's schema (for {@code kubectl explain} as well);
 * built-in kinds an open object schema.
 */
final class OpenApi {

  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  private final ResourceCatalog catalog;

  OpenApi(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** {@code /openapi/v3}: where each group-version's document is. */
  ObjectNode index() {
    ObjectNode paths = Json.object();
    for (ResourceType type : catalog.all()) {
      String key = key(type.group(), type.version());
      if (!paths.has(key)) {
        paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(type));
      }
    }
    ObjectNode index = Json.object();
    index.set("paths", paths);
    return index;
  }

  /** {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}, or null. */
  ObjectNode documentOrNull(String key) {
    List<ResourceType> types =
        catalog.all().stream().filter(t -> key(t.group(), t.version()).equals(key)).toList();
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode doc = Json.object().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", Discovery.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    schemas.set(META, objectMeta());
    for (ResourceType type : types) {
      paths.set(objectPath(type), operations(type));
      schemas.set(schemaName(type), schema(type));
    }
    return doc;
  }

  private static ObjectNode operations(ResourceType type) {
    ObjectNode path = Json.object();
    ObjectNode patch = path.putObject("patch");
    patch.put("operationId", "patch" + type.kind());
    patch.set("x-kubernetes-group-version-kind", gvk(type));
    patch.put("x-kubernetes-action", "patch");
    ArrayNode parameters = patch.putArray("parameters");
    for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
      parameters
          .addObject()
          .put("name", name)
          .put("in", "query")
          .putObject("schema")
          .put("type", "string")
          .put("uniqueItems", true);
    }
    ObjectNode content = patch.putObject("requestBody").putObject("content");
    List<String> patchTypes =
        type.isCustom()
            ? List.of(
                "application/json-patch+json",
                "application/merge-patch+json",
                "application/apply-patch+yaml")
            : List.of(
                "application/json-patch+json",
                "application/merge-patch+json",
                "application/strategic-merge-patch+json",
                "application/apply-patch+yaml");
    for (String media : patchTypes) {
      content.putObject(media).putObject("schema").put("type", "object");
    }
    patch
        .putObject("responses")
        .putObject("200")
        .put("description", "OK")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/" + schemaName(type));
    return path;
  }

  private static ObjectNode schema(ResourceType type) {
    ObjectNode schema;
    if (type.isCustom()) {
      schema = type.schema().deepCopy();
    } else {
      schema =
          Json.object().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    }
    ObjectNode properties =
        schema.has("properties")
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    properties
        .putObject("apiVersion")
        .put("type", "string")
        .put(
            "description",
            "APIVersion defines the versioned schema of this representation of an object.");
    properties
        .putObject("kind")
        .put("type", "string")
        .put(
            "description",
            "Kind is a string value representing the REST resource this object represents.");
    properties
        .putObject("metadata")
        .put("description", "Standard object's metadata.")
        .putArray("allOf")
        .addObject()
        .put("$ref", "#/components/schemas/" + META);
    schema.putArray("x-kubernetes-group-version-kind").add(gvk(type));
    return schema;
  }

  private static ObjectNode objectMeta() {
    ObjectNode meta =
        Json.object()
            .put("type", "object")
            .put("description", "ObjectMeta is metadata that all persisted resources must have.");
    ObjectNode properties = meta.putObject("properties");
    for (String field :
        List.of(
            "name",
            "namespace",
            "generateName",
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "deletionTimestamp")) {
      properties.putObject(field).put("type", "string");
    }
    properties.putObject("generation").put("type", "integer").put("format", "int64");
    for (String map : List.of("labels", "annotations")) {
      properties
          .putObject(map)
          .put("type", "object")
          .putObject("additionalProperties")
          .put("type", "string");
    }
    for (String list : List.of("finalizers")) {
      properties.putObject(list).put("type", "array").putObject("items").put("type", "string");
    }
    for (String list : List.of("ownerReferences", "managedFields")) {
      properties
          .putObject(list)
          .put("type", "array")
          .putObject("items")
          .put("type", "object")
          .put("x-kubernetes-preserve-unknown-fields", true);
    }
    return meta;
  }

  private static ObjectNode gvk(ResourceType type) {
    return Json.object()
        .put("group", type.group())
        .put("version", type.version())
        .put("kind", type.kind());
  }

  private static String objectPath(ResourceType type) {
    String prefix = type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/";
    String scope = type.namespaced() ? "/namespaces/{namespace}/" : "/";
    return prefix + type.version() + scope + type.plural() + "/{name}";
  }

  /** As the API server names definitions: the group reversed, then version and kind. */
  static String schemaName(ResourceType type) {
    if (type.group().isEmpty()) {
      return "io.k8s.api.core." + type.version() + "." + type.kind();
    }
    List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts) + "." + type.version() + "." + type.kind();
  }

  private static String key(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  /** Changes when the group-version's kinds or schemas change, so kubectl's cache refreshes. */
  private String hash(ResourceType anyOfGroupVersion) {
    JsonNode doc = documentOrNull(key(anyOfGroupVersion.group(), anyOfGroupVersion.version()));
    return Integer.toHexString(doc == null ? 0 : doc.hashCode()).toUpperCase();
  }
}
