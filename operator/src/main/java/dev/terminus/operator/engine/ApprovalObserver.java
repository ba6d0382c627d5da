package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.ApprovalDecision;
import dev.terminus.crd.v1alpha1.ApprovalTimeout;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approval nodes: a waiting node ends when spec.approvals holds a decision for it, or when its
 * timeoutSeconds pass (ApprovalExpired: it fails, or is approved if the node says onTimeout:
 * Approve). Who decided and why go into the node's message; when, into finishedAt.
 */
final class ApprovalObserver {
  private ApprovalObserver() {}

  static void observe(
      NodeDraft node,
      WorkflowExecutionSpec spec,
      Instant now,
      IllegalTransitions refusals,
      List<Detection> detections,
      Wakeups wakeups) {
    Optional<ApprovalDecision> decision = spec.approval(node.name());
    if (decision.isPresent()) {
      decide(node, decision.get(), now, refusals);
      return;
    }
    long timeout = node.spec.timeoutSeconds() == null ? 0 : node.spec.timeoutSeconds();
    Instant expiry = node.startedAt.plusSeconds(timeout);
    if (now.isBefore(expiry)) {
      wakeups.at(expiry);
      return;
    }
    String message = "no decision within " + timeout + "s";
    detections.add(new Detection(WatchdogRule.ApprovalExpired, node.name(), message, expiry));
    boolean approve = node.spec.onTimeout() == ApprovalTimeout.Approve;
    NodePhase to = approve ? NodePhase.Succeeded : NodePhase.Failed;
    String text = approve ? message + "; approved by default (onTimeout: Approve)" : message;
    if (node.moveTo(to, Reason.ApprovalExpired, text, refusals)) {
      node.finishedAt = now;
    }
  }

  private static void decide(
      NodeDraft node, ApprovalDecision decision, Instant now, IllegalTransitions refusals) {
    boolean approved = decision.decision() == ApprovalDecision.Verdict.Approved;
    String who = decision.by() == null ? "an unnamed approver" : decision.by();
    String text =
        (approved ? "approved by " : "rejected by ")
            + who
            + (decision.message() == null ? "" : ": " + decision.message());
    NodePhase to = approved ? NodePhase.Succeeded : NodePhase.Failed;
    if (node.moveTo(to, approved ? Reason.Approved : Reason.Rejected, text, refusals)) {
      node.finishedAt = now;
      node.outputPreview = approved ? text : null;
    }
  }
}
