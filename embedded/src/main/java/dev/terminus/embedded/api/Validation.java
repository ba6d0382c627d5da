package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The API server's checks on a custom resource about to be stored, by the request's {@code
 * fieldValidation}: schema violations are always refused (422); undeclared fields are refused under
 * Strict (400, as kubectl's default sends), reported as warnings under Warn (the default) and
 * silently pruned under Ignore.
 */
final class Validation {

  /** Validates and prunes the object in place; returns warnings for the response. */
  List<String> check(ApiRequest request, ResourceType type, ObjectNode object) {
    if (!type.isCustom()) {
      return List.of();
    }
    String mode =
        request.param("fieldValidation") == null ? "Warn" : request.param("fieldValidation");
    SchemaValidator.Result result =
        SchemaValidator.validate(type.schema(), object, !mode.equals("Strict"));
    String name = Json.textAt(object, "metadata", "name");
    if (mode.equals("Strict") && !result.unknownFields().isEmpty()) {
      String fields =
          String.join(
              ", ",
              result.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList());
      throw ApiError.badRequest(
          type.kind()
              + " in version \""
              + type.version()
              + "\" cannot be handled as a "
              + type.kind()
              + ": strict decoding error: "
              + fields);
    }
    if (!result.problems().isEmpty()) {
      throw ApiError.invalid(type, name, result.problems());
    }
    if (mode.equals("Warn")) {
      return result.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList();
    }
    return List.of();
  }
}
