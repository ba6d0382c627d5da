package dev.terminus.operator.bench;

import static dev.terminus.operator.fixtures.NodeBuilder.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import dev.terminus.operator.engine.EngineConfig;
import dev.terminus.operator.fixtures.NodeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The size of an execution's status (the JSON the API server stores), from the engine itself.
 *
 * <p>The CRD and the engine cap a workflow at {@value Api#MAX_NODES} nodes, so a 1,000-node status
 * cannot be produced as such: it is assembled from two 500-node halves, each evaluated by the
 * engine with the per-node detail budget of a 1,000-node execution ({@code
 * EngineConfig.forNodes(1000)}), their node lists and snapshots concatenated. Two cases: typical
 * (every node succeeds on its first attempt with a 64-character output) and worst (every node fails
 * seven times with 4 KiB messages and then succeeds with a 4 KiB output, as {@code StatusSizeTest}
 * does for 500).
 */
final class StatusSizeBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LAYER = 10;

  void run(BenchReport report) {
    report.add(
        Figure.of(
            "status.bytes500Typical",
            "Status size, 500 nodes, typical",
            kib(size(half("n", 500, false, EngineConfig.defaults()))),
            "KiB"));
    report.add(
        Figure.of(
            "status.bytes1000Typical",
            "Status size, 1,000 nodes, typical",
            kib(thousand(false)),
            "KiB"));
    report.add(
        Figure.of(
            "status.bytes1000Worst",
            "Status size, 1,000 nodes, worst case",
            kib(thousand(true)),
            "KiB"));
  }

  private static int thousand(boolean worst) {
    EngineConfig config = EngineConfig.defaults().forNodes(1000);
    ObjectNode first = half("a", 500, worst, config);
    ObjectNode second = half("b", 500, worst, config);
    ((ArrayNode) first.path("nodes")).addAll((ArrayNode) second.path("nodes"));
    ((ArrayNode) first.path("workflow").path("nodes"))
        .addAll((ArrayNode) second.path("workflow").path("nodes"));
    first.put("progress", first.path("progress").asText().replace("/500", "/1000"));
    return size(first);
  }

  /** A finished execution of {@code count} nodes in layers of ten, as JSON. */
  private static ObjectNode half(String prefix, int count, boolean worst, EngineConfig config) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NodeBuilder b = node(prefix + "-node-" + i).command("run", "--step", String.valueOf(i));
      if (i >= LAYER) {
        b.dependsOn(prefix + "-node-" + (i - LAYER));
      }
      if (worst) {
        b.retry(10, 0, FailureReason.Error);
      }
      nodes.add(b.build());
    }
    WorkflowExecutionSpec spec =
        new WorkflowExecutionSpec(
            null, new WorkflowSpec(null, null, nodes), null, null, null, null, null, null, null);
    EngineRun run = new EngineRun(spec, config);
    Map<String, Integer> failures = new HashMap<>();
    String output =
        "{\"status\":\"succeeded\",\"output\":\"" + "o".repeat(worst ? 4000 : 64) + "\"}";
    WorkflowExecutionStatus status =
        run.runToEnd(
            job ->
                worst && failures.merge(job.replaceAll("-\\d+$", ""), 1, Integer::sum) <= 7
                    ? EngineRun.failed("x".repeat(4096), run.now())
                    : EngineRun.succeeded(output, run.now()));
    try {
      return (ObjectNode) JSON.readTree(Serialization.asJson(status));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int size(JsonNode status) {
    try {
      return JSON.writeValueAsString(status).getBytes(StandardCharsets.UTF_8).length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double kib(int bytes) {
    return bytes / 1024.0;
  }
}
