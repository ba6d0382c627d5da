package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which nodes start now. A node starts when every dependency succeeded, its retry backoff
 * has passed, the execution is neither suspended nor stopping, and a parallelism slot is free.
 * Dependants of a node that did not succeed are Skipped. Once any node has failed, nothing new
 * starts (fail fast, as Argo's DAG default): running nodes finish, the rest are Skipped.
 */
final class Planner {
  private final String execution;
  private final Map<String, NodeDraft> nodes;
  private final List<String> topologicalOrder;
  private final IllegalTransitions refusals;

  Planner(
      String execution,
      Map<String, NodeDraft> nodes,
      List<String> topologicalOrder,
      IllegalTransitions refusals) {
    this.execution = execution;
    this.nodes = nodes;
    this.topologicalOrder = topologicalOrder;
    this.refusals = refusals;
  }

  void plan(
      Integer parallelism, boolean suspended, Instant now, List<JobAction> out, Wakeups wakeups) {
    long active = nodes.values().stream().filter(NodeDraft::hasLiveAttempt).count();
    int limit = parallelism == null ? Integer.MAX_VALUE : parallelism;
    Optional<NodeDraft> firstFailure = firstFailure();
    for (String name : topologicalOrder) {
      NodeDraft node = nodes.get(name);
      if (node.isTerminal() || node.hasLiveAttempt()) {
        continue;
      }
      Optional<NodeDraft> blocker = unsuccessfulDependency(node);
      if (blocker.isPresent()) {
        skip(
            node,
            Reason.DependencyFailed,
            "dependency " + blocker.get().name() + " " + blocker.get().phase);
      } else if (firstFailure.isPresent()) {
        stopAfterFailure(node, firstFailure.get());
      } else if (!dependenciesSucceeded(node)) {
        waitFor(node, Reason.WaitingForDependencies, null);
      } else if (node.nextAttemptAt != null && now.isBefore(node.nextAttemptAt)) {
        wakeups.at(node.nextAttemptAt);
      } else if (suspended) {
        waitFor(node, Reason.Suspended, "the execution is suspended");
      } else if (active >= limit) {
        waitFor(node, Reason.WaitingForDependencies, "waiting for a parallelism slot");
      } else {
        start(node, now, out);
        active++;
      }
    }
  }

  private Optional<NodeDraft> firstFailure() {
    return topologicalOrder.stream()
        .map(nodes::get)
        .filter(n -> n.phase == NodePhase.Failed)
        .findFirst();
  }

  private Optional<NodeDraft> unsuccessfulDependency(NodeDraft node) {
    return node.spec.dependsOnOrEmpty().stream()
        .map(nodes::get)
        .filter(d -> d.isTerminal() && d.phase != NodePhase.Succeeded)
        .findFirst();
  }

  private boolean dependenciesSucceeded(NodeDraft node) {
    return node.spec.dependsOnOrEmpty().stream()
        .allMatch(d -> nodes.get(d).phase == NodePhase.Succeeded);
  }

  /** A node waiting for a retry when another node failed ends with its last failure. */
  private void stopAfterFailure(NodeDraft node, NodeDraft failed) {
    String why = "not started: node " + failed.name() + " failed";
    if (node.attempts > 0) {
      Reason last =
          node.history.isEmpty()
              ? Reason.Error
              : node.history.get(node.history.size() - 1).reason();
      if (node.moveTo(
          NodePhase.Failed,
          last,
          node.message + "; not retried: node " + failed.name() + " failed",
          refusals)) {
        node.nextAttemptAt = null;
      }
      return;
    }
    skip(node, Reason.NodeFailed, why);
  }

  private void skip(NodeDraft node, Reason reason, String message) {
    node.moveTo(NodePhase.Skipped, reason, message, refusals);
  }

  private void waitFor(NodeDraft node, Reason reason, String message) {
    if (node.attempts == 0) {
      node.reason = reason;
      node.message = message;
    }
  }

  private void start(NodeDraft node, Instant now, List<JobAction> out) {
    node.attempts++;
    node.job = JobNames.forAttempt(execution, node.name(), node.attempts);
    node.pod = null;
    node.exitCode = null;
    node.startedAt = now;
    node.runningAt = null;
    node.finishedAt = null;
    node.nextAttemptAt = null;
    // The same reason and message a pending Pod then shows, so that observing it writes nothing.
    node.reason = Reason.ContainerCreating;
    node.message = null;
    out.add(new JobAction.Start(node.name(), node.attempts, node.job));
  }
}
