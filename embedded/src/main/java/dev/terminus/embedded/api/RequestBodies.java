package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The object a create or update sends, completed as the API server completes it: a Secret's
 * stringData moved into data, its type Opaque by default, a Namespace Active.
 */
final class RequestBodies {

  private RequestBodies() {}

  /** The request's object, with kind, apiVersion, namespace and name filled in from the path. */
  static ObjectNode object(ApiRequest request, ResourcePath path, ResourceType type) {
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
      if (!object.hasNonNull("type")) {
        object.put("type", "Opaque");
      }
    }
    if (type.kind().equals("Namespace") && type.group().isEmpty()) {
      ObjectNode status =
          object.path("status").isObject()
              ? (ObjectNode) object.get("status")
              : object.putObject("status");
      if (!status.hasNonNull("phase")) {
        status.put("phase", "Active");
      }
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
        .forEachRemaining(field -> data.put(field.getKey(), base64(field.getValue().asText())));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
