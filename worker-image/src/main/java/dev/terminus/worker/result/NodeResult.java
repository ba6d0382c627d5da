package dev.terminus.worker.result;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.Json;
import dev.terminus.worker.Redactor;

/**
 * The JSON a worker writes to its termination log. Field order is fixed and absent fields are left
 * out:
 *
 * <pre>
 * {"status":"succeeded","output":"...","truncated":true,"outputRef":"redis://h:p/key",
 *  "usage":{"tokens":12,"costMicros":24}}
 * {"status":"failed","error":{"type":"ModelNotFound","message":"..."}}
 * </pre>
 *
 * @param output the output, or its preview when {@code truncated}
 * @param truncated whether {@code output} is only the start of the real output
 * @param outputRef where the full output is, when it was stored
 */
public record NodeResult(
    boolean succeeded,
    String output,
    boolean truncated,
    String outputRef,
    String errorType,
    String errorMessage,
    Usage usage) {

  public static NodeResult succeeded(String output, Usage usage) {
    return new NodeResult(true, output, false, null, null, null, usage);
  }

  public static NodeResult failed(String type, String message) {
    return new NodeResult(false, null, false, null, type, message, null);
  }

  /** The same result with the output replaced by a preview of it. */
  public NodeResult withPreview(String preview, String ref) {
    return new NodeResult(succeeded, preview, true, ref, errorType, errorMessage, usage);
  }

  /** The same result, whole, with a reference to a stored copy of its output. */
  public NodeResult withRef(String ref) {
    return new NodeResult(succeeded, output, truncated, ref, errorType, errorMessage, usage);
  }

  public NodeResult withErrorMessage(String message) {
    return new NodeResult(succeeded, output, truncated, outputRef, errorType, message, usage);
  }

  public NodeResult redacted(Redactor redactor) {
    return new NodeResult(
        succeeded,
        redactor.redact(output),
        truncated,
        outputRef,
        errorType,
        redactor.redact(errorMessage),
        usage);
  }

  public String toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("status", succeeded ? "succeeded" : "failed");
    if (output != null) {
      root.put("output", output);
    }
    if (truncated) {
      root.put("truncated", true);
    }
    if (outputRef != null) {
      root.put("outputRef", outputRef);
    }
    if (errorType != null) {
      ObjectNode error = root.putObject("error");
      error.put("type", errorType);
      error.put("message", errorMessage == null ? "" : errorMessage);
    }
    if (usage != null) {
      ObjectNode usageNode = root.putObject("usage");
      putIfPresent(usageNode, "tokens", usage.tokens());
      putIfPresent(usageNode, "costMicros", usage.costMicros());
    }
    return root.toString();
  }

  private static void putIfPresent(ObjectNode node, String field, Long value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
