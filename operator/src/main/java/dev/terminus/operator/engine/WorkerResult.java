package dev.terminus.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.Usage;
import java.util.Optional;

/**
 * The structured result a worker may write to its termination log: {@code {"status":
 * "succeeded|failed", "output": ..., "truncated": true, "outputRef": "redis://...", "error":
 * {"type", "message"}, "usage": {"tokens", "costMicros"}}}. A termination message that is not such
 * an object (a log tail, plain text) is not a result.
 *
 * @param truncated the worker says {@code output} is only the start of its output
 * @param outputRef where the worker says the full output is, as written: check it with {@link
 *     OutputRefs#accepted} before using it
 */
public record WorkerResult(
    boolean failed,
    String output,
    boolean truncated,
    String outputRef,
    String errorType,
    String errorMessage,
    Usage usage) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Optional<WorkerResult> parse(String terminationMessage) {
    if (terminationMessage == null || !terminationMessage.stripLeading().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(terminationMessage);
      if (root == null || !root.isObject() || !root.has("status")) {
        return Optional.empty();
      }
      return Optional.of(fromJson(root));
    } catch (Exception notJson) {
      return Optional.empty();
    }
  }

  private static WorkerResult fromJson(JsonNode root) {
    boolean failed = !"succeeded".equalsIgnoreCase(root.path("status").asText());
    JsonNode out = root.get("output");
    String output =
        out == null || out.isNull() ? null : out.isTextual() ? out.asText() : out.toString();
    JsonNode error = root.path("error");
    JsonNode usage = root.path("usage");
    Usage u =
        usage.isObject()
            ? new Usage(longOrNull(usage.get("tokens")), longOrNull(usage.get("costMicros")))
            : null;
    JsonNode ref = root.get("outputRef");
    return new WorkerResult(
        failed,
        output,
        root.path("truncated").asBoolean(false),
        ref != null && ref.isTextual() ? ref.asText() : null,
        textOrNull(error.get("type")),
        textOrNull(error.get("message")),
        u);
  }

  private static Long longOrNull(JsonNode n) {
    return n != null && n.canConvertToLong() ? n.asLong() : null;
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
