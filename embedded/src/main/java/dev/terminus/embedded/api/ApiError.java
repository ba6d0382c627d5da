package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A failed request, answered as a Kubernetes {@code Status} object with the HTTP code, reason and
 * message a real API server uses, so that kubectl prints its usual "Error from server (...)".
 */
final class ApiError extends RuntimeException {

  private final int code;
  private final String reason;
  private final ObjectNode details;

  ApiError(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message, null);
  }

  static ApiError notFound(ResourcePath path) {
    ObjectNode details = Json.object().put("name", path.name()).put("kind", path.resource());
    if (!path.group().isEmpty()) {
      details.put("group", path.group());
    }
    String what = path.group().isEmpty() ? path.resource() : path.resource() + "." + path.group();
    return new ApiError(404, "NotFound", what + " \"" + path.name() + "\" not found", details);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "NotFound", message, null);
  }

  static ApiError conflict(String message) {
    return new ApiError(409, "Conflict", message, null);
  }

  static ApiError alreadyExists(ResourcePath path, String name) {
    String what = path.group().isEmpty() ? path.resource() : path.resource() + "." + path.group();
    return new ApiError(
        409,
        "AlreadyExists",
        what + " \"" + name + "\" already exists",
        Json.object().put("name", name).put("kind", path.resource()));
  }

  static ApiError unsupportedMediaType(String contentType) {
    return new ApiError(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json, application/yaml, application/vnd.kubernetes.protobuf (built-in"
            + " kinds), application/json-patch+json,"
            + " application/merge-patch+json, application/strategic-merge-patch+json,"
            + " application/apply-patch+yaml (got "
            + contentType
            + ")",
        null);
  }

  static ApiError notAcceptable() {
    return new ApiError(
        406,
        "NotAcceptable",
        "only the following media types are accepted: application/json, application/yaml",
        null);
  }

  static ApiError methodNotAllowed(String method) {
    return new ApiError(405, "MethodNotAllowed", "the server does not allow " + method, null);
  }

  /** 422 Invalid, with one cause per problem, as the API server reports validation errors. */
  static ApiError invalid(ResourceType type, String name, List<SchemaValidator.Problem> problems) {
    String qualifiedKind = type.kind() + "." + type.group();
    ObjectNode details =
        Json.object().put("name", name).put("group", type.group()).put("kind", type.kind());
    var causes = details.putArray("causes");
    problems.forEach(
        p ->
            causes
                .addObject()
                .put("reason", p.reason())
                .put("message", p.detail())
                .put("field", p.field()));
    List<String> texts = problems.stream().map(SchemaValidator.Problem::toString).toList();
    String all = texts.size() == 1 ? texts.get(0) : "[" + String.join(", ", texts) + "]";
    return new ApiError(
        422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + all, details);
  }

  int code() {
    return code;
  }

  /** The {@code Status} body. */
  ObjectNode status() {
    ObjectNode status =
        Json.object()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put("message", getMessage())
            .put("reason", reason)
            .put("code", code);
    status.putObject("metadata");
    if (details != null) {
      status.set("details", details);
    }
    return status;
  }
}
