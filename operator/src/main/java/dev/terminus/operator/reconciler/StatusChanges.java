package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import java.util.List;
import java.util.Objects;

/**
 * Tells a status change that can wait from one that cannot. A change can wait when the cluster
 * still shows everything it records, so that a later evaluation derives it again:
 *
 * <ul>
 *   <li>progress of a node underway (Pending or Running, its Job started): it moves between Pending
 *       and Running, or its reason, message, Pod or running time changes (the Pod is scheduled, its
 *       container created, started);
 *   <li>a node underway that succeeded, when nothing follows from it yet (no Job starts, the
 *       execution goes on): its Job shows the success until the next write records it, together
 *       with the execution's progress and usage totals.
 * </ul>
 *
 * Nothing else waits: a Job started, a failure, a retry, a watchdog timer, a change of the
 * execution's phase, reason or conditions.
 */
final class StatusChanges {
  private StatusChanges() {}

  /** True when {@code next} differs from {@code current} only by changes that can wait. */
  static boolean canWait(WorkflowExecutionStatus current, WorkflowExecutionStatus next) {
    if (current == null || next == null || Objects.equals(current, next)) {
      return false;
    }
    return Objects.equals(withoutProgress(current), withoutProgress(next))
        && nodesCanWait(current.nodes(), next.nodes());
  }

  private static boolean nodesCanWait(List<NodeStatus> current, List<NodeStatus> next) {
    if (current == null || next == null || current.size() != next.size()) {
      return false;
    }
    for (int i = 0; i < current.size(); i++) {
      NodeStatus was = current.get(i);
      NodeStatus now = next.get(i);
      if (!Objects.equals(was, now) && !nodeCanWait(was, now)) {
        return false;
      }
    }
    return true;
  }

  private static boolean nodeCanWait(NodeStatus was, NodeStatus now) {
    if (!isUnderway(was) || !sameAttempt(was, now)) {
      return false;
    }
    if (isUnderway(now)) {
      return Objects.equals(was.exitCode(), now.exitCode())
          && Objects.equals(was.finishedAt(), now.finishedAt())
          && Objects.equals(was.nextAttemptAt(), now.nextAttemptAt())
          && Objects.equals(was.podMissingSince(), now.podMissingSince())
          && Objects.equals(was.outputPreview(), now.outputPreview())
          && Objects.equals(was.outputTruncated(), now.outputTruncated())
          && Objects.equals(was.outputRef(), now.outputRef())
          && Objects.equals(was.errorType(), now.errorType())
          && Objects.equals(was.usage(), now.usage());
    }
    return now.phase() == NodePhase.Succeeded;
  }

  /** A node whose current attempt has a Job (or child, or approval) and has not ended. */
  private static boolean isUnderway(NodeStatus node) {
    return (node.phase() == NodePhase.Pending || node.phase() == NodePhase.Running)
        && node.job() != null
        && node.nextAttemptAt() == null;
  }

  private static boolean sameAttempt(NodeStatus was, NodeStatus now) {
    return Objects.equals(was.name(), now.name())
        && Objects.equals(was.attempts(), now.attempts())
        && Objects.equals(was.job(), now.job())
        && Objects.equals(was.startedAt(), now.startedAt())
        && Objects.equals(was.history(), now.history());
  }

  /** The execution's own fields, without the nodes and the totals derived from them. */
  private static WorkflowExecutionStatus withoutProgress(WorkflowExecutionStatus s) {
    return new WorkflowExecutionStatus(
        s.phase(),
        s.reason(),
        s.message(),
        s.observedGeneration(),
        s.startedAt(),
        s.finishedAt(),
        null,
        s.conditions(),
        null,
        null,
        s.workflow(),
        s.workflowSource());
  }
}
