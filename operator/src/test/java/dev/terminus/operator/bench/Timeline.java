package dev.terminus.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * When things happened at the API server, read from a run's {@link ApiCall}s: when the operator
 * created each Job (and for which execution and node), when the simulated cluster wrote each Job's
 * final status, and when the operator wrote each execution status. Times are the server's {@link
 * System#nanoTime()} at the end of the request: the moment the change was stored.
 */
final class Timeline {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> jobCreated = new HashMap<>();
  private final Map<String, String> jobByNode = new HashMap<>();
  private final Map<String, Long> jobFinished = new HashMap<>();
  private final List<ApiCall> statusWrites;

  Timeline(List<ApiCall> calls) {
    for (ApiCall c : calls) {
      if (c.client() == Tag.OPERATOR && c.kind().equals("create jobs") && c.code() == 201) {
        JsonNode meta = parse(c.body()).path("metadata");
        String name = meta.path("name").asText();
        jobCreated.put(name, c.endNanos());
        JsonNode labels = meta.path("labels");
        jobByNode.put(
            key(labels.path(Api.LABEL_EXECUTION).asText(), labels.path(Api.LABEL_NODE).asText()),
            name);
      } else if (c.client() == Tag.CLUSTER
          && c.resource().equals("jobs")
          && c.subresource().equals("status")
          && c.code() < 300) {
        jobFinished.putIfAbsent(c.name(), c.endNanos()); // the lean controller writes once
      }
    }
    this.statusWrites =
        calls.stream()
            .filter(c -> c.client() == Tag.OPERATOR && c.body() != null)
            .filter(c -> c.kind().equals("patch workflowexecutions/status") && c.code() < 300)
            .toList();
  }

  Optional<String> job(String execution, String node) {
    return Optional.ofNullable(jobByNode.get(key(execution, node)));
  }

  Optional<Long> created(String job) {
    return Optional.ofNullable(jobCreated.get(job));
  }

  Optional<Long> finished(String job) {
    return Optional.ofNullable(jobFinished.get(job));
  }

  /** The first status the operator wrote for {@code execution} that satisfies {@code test}. */
  Optional<Long> firstStatus(String execution, Predicate<JsonNode> test) {
    return statusWrites.stream()
        .filter(c -> c.name().equals(execution))
        .filter(c -> test.test(statusOf(c.body())))
        .map(ApiCall::endNanos)
        .min(Long::compare);
  }

  /** The status in a status write: the value of the JSON patch's {@code /status} operation. */
  private static JsonNode statusOf(String patch) {
    for (JsonNode op : parse(patch)) {
      if ("/status".equals(op.path("path").asText())) {
        return op.path("value");
      }
    }
    return JSON.missingNode();
  }

  /** True when the status shows the execution in {@code phase} and {@code node} in its phase. */
  static Predicate<JsonNode> shows(String executionPhase, String node, String nodePhase) {
    return status -> {
      if (!executionPhase.equals(status.path("phase").asText())) {
        return false;
      }
      for (JsonNode n : status.path("nodes")) {
        if (node.equals(n.path("name").asText())) {
          return nodePhase.equals(n.path("phase").asText());
        }
      }
      return false;
    };
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.missingNode();
    }
  }

  private static String key(String execution, String node) {
    return execution + "/" + node;
  }
}
