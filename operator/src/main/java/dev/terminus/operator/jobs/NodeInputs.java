package dev.terminus.operator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.Texts;
import dev.terminus.protocol.WorkerInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a node's {@link dev.terminus.protocol.WorkerEnv#INPUTS} ({@link WorkerInputs}). An
 * upstream output is a plain string (its preview from the status), or, when the worker kept the
 * full output in Redis, its ref and preview, bounded to {@link WorkerInputs#MAX_UPSTREAM_BYTES} in
 * all.
 */
final class NodeInputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeInputs() {}

  static String json(WorkflowExecution execution, NodeSpec node, List<NodeStatus> nodes) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode exec = root.putObject(WorkerInputs.EXECUTION);
    Map<String, String> given = execution.getSpec().inputs();
    if (given != null) {
      given.forEach(exec::put);
    }
    List<NodeStatus> upstream = upstream(node, nodes);
    int budget = Integer.MAX_VALUE;
    ObjectNode entries = entries(upstream, budget);
    while (bytes(entries) > WorkerInputs.MAX_UPSTREAM_BYTES && budget > 0) {
      budget = budget == Integer.MAX_VALUE ? longestPreview(upstream) / 2 : budget / 2;
      entries = entries(upstream, budget);
    }
    root.setAll(entries);
    return root.toString();
  }

  /** The upstream nodes' statuses, in dependsOn order. */
  private static List<NodeStatus> upstream(NodeSpec node, List<NodeStatus> nodes) {
    List<NodeStatus> found = new ArrayList<>();
    for (String dep : node.dependsOnOrEmpty()) {
      nodes.stream().filter(n -> n.name().equals(dep)).findFirst().ifPresent(found::add);
    }
    return found;
  }

  private static ObjectNode entries(List<NodeStatus> upstream, int previewChars) {
    ObjectNode entries = JSON.createObjectNode();
    upstream.forEach(n -> entries.set(n.name(), entry(n, previewChars)));
    return entries;
  }

  private static JsonNode entry(NodeStatus upstream, int previewChars) {
    String preview = Texts.bounded(upstream.outputPreview(), previewChars);
    if (upstream.outputRef() == null) {
      return preview == null ? NullNode.getInstance() : TextNode.valueOf(preview);
    }
    ObjectNode ref = JSON.createObjectNode();
    ref.put(WorkerInputs.OUTPUT_REF, upstream.outputRef());
    ref.put(WorkerInputs.PREVIEW, preview == null ? "" : preview);
    return ref;
  }

  private static int longestPreview(List<NodeStatus> upstream) {
    return upstream.stream()
        .mapToInt(n -> n.outputPreview() == null ? 0 : n.outputPreview().length())
        .max()
        .orElse(0);
  }

  private static int bytes(ObjectNode entries) {
    return entries.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
