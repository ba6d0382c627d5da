package dev.terminus.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The result a worker writes to its termination message and the operator reads from the Pod. Field
 * order is fixed and absent fields are left out:
 *
 * <pre>
 * {"status":"succeeded","output":"...","truncated":true,"outputRef":"redis://h:p/key",
 *  "usage":{"tokens":12,"costMicros":24}}
 * {"status":"failed","error":{"type":"ModelNotFound","message":"..."}}
 * </pre>
 *
 * A termination message that is not such an object (a log tail, plain text) is not a result.
 *
 * @param output the output, or its preview when {@code truncated}
 * @param truncated whether {@code output} is only the start of the real output
 * @param outputRef where the full output is, when it was stored ({@code redis://host:port/<key>},
 *     {@link RedisKeys#output}); from any image, so untrusted text to the operator
 */
public record WorkerResult(
    boolean succeeded,
    String output,
    boolean truncated,
    String outputRef,
    String errorType,
    String errorMessage,
    Usage usage) {

  /** The kubelet's limit for one container's termination message: a result never exceeds it. */
  public static final int MAX_BYTES = 4096;

  public static final String STATUS = "status";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String OUTPUT = "output";
  public static final String TRUNCATED = "truncated";
  public static final String OUTPUT_REF = "outputRef";
  public static final String ERROR = "error";
  public static final String ERROR_TYPE = "type";
  public static final String ERROR_MESSAGE = "message";
  public static final String USAGE = "usage";
  public static final String TOKENS = "tokens";
  public static final String COST_MICROS = "costMicros";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What an attempt consumed; either part may be null when unknown.
   *
   * @param tokens model tokens (prompt and completion)
   * @param costMicros cost in millionths of the billing currency
   */
  public record Usage(Long tokens, Long costMicros) {}

  public static WorkerResult succeeded(String output, Usage usage) {
    return new WorkerResult(true, output, false, null, null, null, usage);
  }

  public static WorkerResult failed(String type, String message) {
    return new WorkerResult(false, null, false, null, type, message, null);
  }

  public boolean failed() {
    return !succeeded;
  }

  /** The same result with the output replaced by a preview of it. */
  public WorkerResult withPreview(String preview, String ref) {
    return new WorkerResult(succeeded, preview, true, ref, errorType, errorMessage, usage);
  }

  /** The same result, whole, with a reference to a stored copy of its output. */
  public WorkerResult withRef(String ref) {
    return new WorkerResult(succeeded, output, truncated, ref, errorType, errorMessage, usage);
  }

  /** The same result with other texts: the output and the error message. */
  public WorkerResult withTexts(String output, String errorMessage) {
    return new WorkerResult(
        succeeded, output, truncated, outputRef, errorType, errorMessage, usage);
  }

  public WorkerResult withErrorMessage(String message) {
    return withTexts(output, message);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put(STATUS, succeeded ? SUCCEEDED : FAILED);
    if (output != null) {
      root.put(OUTPUT, output);
    }
    if (truncated) {
      root.put(TRUNCATED, true);
    }
    if (outputRef != null) {
      root.put(OUTPUT_REF, outputRef);
    }
    if (errorType != null) {
      ObjectNode error = root.putObject(ERROR);
      error.put(ERROR_TYPE, errorType);
      error.put(ERROR_MESSAGE, errorMessage == null ? "" : errorMessage);
    }
    if (usage != null) {
      ObjectNode usageNode = root.putObject(USAGE);
      putIfPresent(usageNode, TOKENS, usage.tokens());
      putIfPresent(usageNode, COST_MICROS, usage.costMicros());
    }
    return root.toString();
  }

  /**
   * Reads a termination message leniently (any image may write it): anything but {@code
   * "status":"succeeded"} (in any case) is a failure, a non-text output is kept as its JSON, a
   * non-text ref is no ref.
   */
  public static Optional<WorkerResult> parse(String terminationMessage) {
    if (terminationMessage == null || !terminationMessage.stripLeading().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(terminationMessage);
      if (root == null || !root.isObject() || !root.has(STATUS)) {
        return Optional.empty();
      }
      return Optional.of(fromJson(root));
    } catch (Exception notJson) {
      return Optional.empty();
    }
  }

  private static WorkerResult fromJson(JsonNode root) {
    boolean succeeded = SUCCEEDED.equalsIgnoreCase(root.path(STATUS).asText());
    JsonNode out = root.get(OUTPUT);
    String output =
        out == null || out.isNull() ? null : out.isTextual() ? out.asText() : out.toString();
    JsonNode error = root.path(ERROR);
    JsonNode usage = root.path(USAGE);
    Usage u =
        usage.isObject()
            ? new Usage(longOrNull(usage.get(TOKENS)), longOrNull(usage.get(COST_MICROS)))
            : null;
    JsonNode ref = root.get(OUTPUT_REF);
    return new WorkerResult(
        succeeded,
        output,
        root.path(TRUNCATED).asBoolean(false),
        ref != null && ref.isTextual() ? ref.asText() : null,
        textOrNull(error.get(ERROR_TYPE)),
        textOrNull(error.get(ERROR_MESSAGE)),
        u);
  }

  private static void putIfPresent(ObjectNode node, String field, Long value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static Long longOrNull(JsonNode n) {
    return n != null && n.canConvertToLong() ? n.asLong() : null;
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
