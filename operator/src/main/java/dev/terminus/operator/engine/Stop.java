package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * An execution-level end that overrides planning: cancel or the execution deadline. Every node that
 * is not terminal ends; their Jobs are then deleted by the orphan rule.
 */
record Stop(
    ExecutionPhase phase,
    Reason reason,
    String message,
    NodePhase liveNodes,
    NodePhase waitingNodes,
    Instant due) {

  static Stop cancel() {
    return new Stop(
        ExecutionPhase.Cancelled,
        Reason.Cancelled,
        "cancelled by spec.cancel",
        NodePhase.Cancelled,
        NodePhase.Cancelled,
        null);
  }

  static Stop deadline(long seconds, Instant at) {
    return new Stop(
        ExecutionPhase.Failed,
        Reason.DeadlineExceeded,
        "execution exceeded its activeDeadlineSeconds of " + seconds + "s",
        NodePhase.Failed,
        NodePhase.Skipped,
        at);
  }

  static Stop budget(String message) {
    return new Stop(
        ExecutionPhase.Failed,
        Reason.BudgetExceeded,
        message,
        NodePhase.Failed,
        NodePhase.Skipped,
        null);
  }

  /** The watchdog rule this stop is, if any: a cancel is a request, not a detection. */
  Optional<WatchdogRule> rule() {
    return reason == Reason.DeadlineExceeded
        ? Optional.of(WatchdogRule.ExecutionDeadline)
        : Optional.empty();
  }

  void apply(Collection<NodeDraft> nodes, Instant now, IllegalTransitions refusals) {
    for (NodeDraft node : nodes) {
      if (node.isTerminal()) {
        continue;
      }
      boolean live = node.phase == NodePhase.Running || node.hasLiveAttempt();
      NodePhase to = live ? liveNodes : waitingNodes;
      if (node.moveTo(to, reason, message, refusals)) {
        node.finishedAt = now;
        node.nextAttemptAt = null;
      }
    }
  }
}
