package dev.terminus.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.AttemptOutcome;
import dev.terminus.operator.engine.Texts;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A child execution seen by its parent's workflow node, in the same terms as a Job: its outputs
 * (the outputs of its leaf nodes) and usage travel as a worker result, so that the parent's node
 * gets them like any node's.
 */
final class ChildOutcomes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChildOutcomes() {}

  static AttemptOutcome classify(WorkflowExecution child) {
    WorkflowExecutionStatus s = child.getStatus();
    ExecutionPhase phase = s == null || s.phase() == null ? ExecutionPhase.Pending : s.phase();
    return switch (phase) {
      case Pending -> outcome(AttemptOutcome.Kind.PENDING, null, message(child), null, s);
      case Running -> outcome(AttemptOutcome.Kind.RUNNING, null, null, null, s);
      case Succeeded ->
          outcome(AttemptOutcome.Kind.SUCCEEDED, null, null, result(s, "succeeded"), s);
      case Failed, Cancelled -> {
        FailureReason why =
            s.reason() == Reason.DeadlineExceeded
                ? FailureReason.ChildDeadline
                : FailureReason.ChildFailed;
        yield outcome(AttemptOutcome.Kind.FAILED, why, message(child), result(s, "failed"), s);
      }
    };
  }

  private static AttemptOutcome outcome(
      AttemptOutcome.Kind kind,
      FailureReason failure,
      String message,
      String result,
      WorkflowExecutionStatus s) {
    return new AttemptOutcome(
        kind,
        failure,
        null,
        message,
        null,
        result,
        s == null ? null : Texts.parseTime(s.startedAt()),
        s == null ? null : Texts.parseTime(s.finishedAt()));
  }

  private static String message(WorkflowExecution child) {
    WorkflowExecutionStatus s = child.getStatus();
    if (s == null) {
      return "child execution " + child.getMetadata().getName() + " not started yet";
    }
    return "child execution "
        + child.getMetadata().getName()
        + " "
        + s.phase()
        + (s.reason() == null ? "" : " (" + s.reason() + ")")
        + (s.message() == null ? "" : ": " + s.message());
  }

  /** The worker-result form of the child's outcome: outputs of its leaf nodes, and usage. */
  private static String result(WorkflowExecutionStatus s, String status) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", status);
    root.put("output", leafOutputs(s).toString());
    if (s.usage() != null) {
      ObjectNode usage = root.putObject("usage");
      usage.put("tokens", s.usage().tokens());
      usage.put("costMicros", s.usage().costMicros());
    }
    if (!"succeeded".equals(status)) {
      root.putObject("error")
          .put("type", "ChildFailed")
          .put("message", String.valueOf(s.message()));
    }
    return root.toString();
  }

  private static ObjectNode leafOutputs(WorkflowExecutionStatus s) {
    ObjectNode out = JSON.createObjectNode();
    if (s.workflow() == null || s.nodes() == null) {
      return out;
    }
    Set<String> upstream = new HashSet<>();
    for (NodeSpec n : s.workflow().nodesOrEmpty()) {
      upstream.addAll(n.dependsOnOrEmpty());
    }
    List<NodeStatus> leaves = s.nodes().stream().filter(n -> !upstream.contains(n.name())).toList();
    leaves.forEach(n -> out.put(n.name(), n.outputPreview()));
    return out;
  }
}
