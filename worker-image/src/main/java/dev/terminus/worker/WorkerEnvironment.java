package dev.terminus.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.protocol.RedisKeys;
import dev.terminus.protocol.WorkerEnv;
import dev.terminus.worker.redis.RedisUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator tells one node attempt through the environment (the worker protocol). Parsed
 * once, up front, so a malformed variable is a clear {@code InvalidEnvironment} failure rather than
 * an error deep inside a component.
 *
 * @param executionUid the execution's metadata.uid, which names its Redis keys; empty from an
 *     operator older than {@link WorkerEnv#EXECUTION_UID}
 * @param env the whole environment: components read their credentials from it by name
 */
public record WorkerEnvironment(
    String execution,
    Optional<String> executionUid,
    String node,
    int attempt,
    String component,
    ObjectNode config,
    ObjectNode inputs,
    Path resultPath,
    Optional<RedisUrl> redis,
    Optional<Duration> heartbeatInterval,
    Optional<Integer> outputPreviewChars,
    Map<String, String> env) {

  /** Where Kubernetes reads a container's termination message. */
  public static final Path DEFAULT_RESULT_PATH = Path.of(WorkerEnv.DEFAULT_RESULT_PATH);

  /** The result path alone: known even when the rest of the environment is malformed. */
  public static Path resultPath(Map<String, String> env) {
    String path = env.get(WorkerEnv.RESULT_PATH);
    return isBlank(path) ? DEFAULT_RESULT_PATH : Path.of(path);
  }

  public static boolean hasComponent(Map<String, String> env) {
    return !isBlank(env.get(WorkerEnv.COMPONENT));
  }

  /** Reads and checks every variable; the first problem found is the failure. */
  public static WorkerEnvironment parse(Map<String, String> env) throws WorkerFailure {
    return new WorkerEnvironment(
        required(env, WorkerEnv.EXECUTION),
        optional(env, WorkerEnv.EXECUTION_UID),
        required(env, WorkerEnv.NODE),
        attempt(env),
        required(env, WorkerEnv.COMPONENT).strip(),
        jsonObject(env, WorkerEnv.CONFIG),
        jsonObject(env, WorkerEnv.INPUTS),
        resultPath(env),
        redis(env),
        heartbeatInterval(env),
        outputPreviewChars(env),
        Map.copyOf(env));
  }

  /**
   * The key suffix of this attempt's heartbeat and stored output: {@code <uid>:<node>:<attempt>}.
   * The name stands in for the uid only with an operator that does not pass it, whose keys (and
   * deletion) are still by name.
   */
  public String attemptKey() {
    return RedisKeys.attempt(executionUid.orElse(execution), node, attempt);
  }

  /** The attempt as people name it, for logs: {@code <execution>/<node>/<attempt>}. */
  public String attemptName() {
    return execution + "/" + node + "/" + attempt;
  }

  private static String required(Map<String, String> env, String name) throws WorkerFailure {
    String value = env.get(name);
    if (isBlank(value)) {
      throw invalid(name + " is not set");
    }
    return value;
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return isBlank(value) ? Optional.empty() : Optional.of(value.strip());
  }

  private static int attempt(Map<String, String> env) throws WorkerFailure {
    String value = required(env, WorkerEnv.ATTEMPT).strip();
    try {
      int attempt = Integer.parseInt(value);
      if (attempt >= 0) {
        return attempt;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the same message as a negative number
    }
    throw invalid(WorkerEnv.ATTEMPT + " must be a non-negative integer, got \"" + value + "\"");
  }

  /** An absent or empty variable is an empty object: a node without config or upstream nodes. */
  private static ObjectNode jsonObject(Map<String, String> env, String name) throws WorkerFailure {
    String value = env.get(name);
    if (isBlank(value)) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      throw invalid(name + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (parsed instanceof ObjectNode object) {
      return object;
    }
    throw invalid(name + " must be a JSON object, got " + parsed.getNodeType());
  }

  private static Optional<RedisUrl> redis(Map<String, String> env) throws WorkerFailure {
    String value = env.get(WorkerEnv.REDIS_URL);
    if (isBlank(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RedisUrl.parse(value.strip()));
    } catch (IllegalArgumentException e) {
      throw invalid(WorkerEnv.REDIS_URL + " is malformed: " + e.getMessage());
    }
  }

  private static Optional<Duration> heartbeatInterval(Map<String, String> env)
      throws WorkerFailure {
    return optionalInt(env, WorkerEnv.HEARTBEAT_INTERVAL_SECONDS, 1, "a positive integer")
        .map(Duration::ofSeconds);
  }

  private static Optional<Integer> outputPreviewChars(Map<String, String> env)
      throws WorkerFailure {
    return optionalInt(env, WorkerEnv.OUTPUT_PREVIEW_CHARS, 0, "a non-negative integer");
  }

  /** An absent variable is empty; anything but a whole number of at least {@code min} fails. */
  private static Optional<Integer> optionalInt(
      Map<String, String> env, String name, int min, String expected) throws WorkerFailure {
    String value = env.get(name);
    if (isBlank(value)) {
      return Optional.empty();
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min) {
        return Optional.of(number);
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw invalid(name + " must be " + expected + ", got \"" + value + "\"");
  }

  private static WorkerFailure invalid(String message) {
    return new WorkerFailure(FailureTypes.INVALID_ENVIRONMENT, message);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
