package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeType;
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
  private final List<String> lineage;
  private final EngineConfig config;
  private final IllegalTransitions refusals;
  private final CreateRetries creates;

  Planner(
      String execution,
      Map<String, NodeDraft> nodes,
      List<String> topologicalOrder,
      List<String> lineage,
      EngineConfig config,
      IllegalTransitions refusals,
      CreateRetries creates) {
    this.execution = execution;
    this.nodes = nodes;
    this.topologicalOrder = topologicalOrder;
    this.lineage = lineage;
    this.config = config;
    this.refusals = refusals;
    this.creates = creates;
  }

  /** What a node that has not started waits for, in order of precedence. */
  private enum Readiness {
    DEPENDENCY_FAILED,
    EXECUTION_FAILING,
    WAITING_FOR_DEPENDENCIES,
    BACKOFF,
    SUSPENDED,
    READY
  }

  /**
   * Starts what may start now.
   *
   * @param attemptsLeft node attempts the budget still allows (Integer.MAX_VALUE: no budget)
   */
  void plan(
      Integer parallelism,
      boolean suspended,
      int attemptsLeft,
      Instant now,
      List<JobAction> out,
      Wakeups wakeups) {
    long active = nodes.values().stream().filter(NodeDraft::hasLiveAttempt).count();
    int limit = parallelism == null ? Integer.MAX_VALUE : parallelism;
    Optional<NodeDraft> firstFailure = firstFailure();
    int budget = attemptsLeft;
    for (String name : topologicalOrder) {
      NodeDraft node = nodes.get(name);
      if (!notStarted(node)) {
        continue;
      }
      switch (readiness(node, firstFailure, suspended, now)) {
        case DEPENDENCY_FAILED -> skipForDependency(node);
        case EXECUTION_FAILING -> stopAfterFailure(node, firstFailure.get());
        case WAITING_FOR_DEPENDENCIES -> waitFor(node, Reason.WaitingForDependencies, null);
        case BACKOFF -> wakeups.at(node.nextAttemptAt);
        case SUSPENDED -> waitFor(node, Reason.Suspended, "the execution is suspended");
        case READY -> {
          if (node.spec.typeOrDefault() == NodeType.APPROVAL) {
            awaitApproval(node, now, wakeups);
          } else if (active >= limit) {
            waitFor(node, Reason.WaitingForDependencies, "waiting for a parallelism slot");
          } else if (node.spec.typeOrDefault() == NodeType.WORKFLOW && !childAllowed(node, now)) {
            continue;
          } else if (budget > 0) {
            // Counted even when the create is refused: the evaluation that follows a refusal
            // plans exactly what the one before it did.
            start(node, now, out, wakeups);
            active++;
            budget--;
          }
        }
      }
    }
  }

  /** Nodes that would start now but for parallelism and budget: Jobs and child executions. */
  long readyToStart(boolean suspended, Instant now) {
    Optional<NodeDraft> firstFailure = firstFailure();
    return nodes.values().stream()
        .filter(Planner::notStarted)
        .filter(n -> n.spec.typeOrDefault() != NodeType.APPROVAL)
        .filter(n -> readiness(n, firstFailure, suspended, now) == Readiness.READY)
        .count();
  }

  /** Pending and without a live attempt: the planner's to decide. */
  private static boolean notStarted(NodeDraft node) {
    return node.phase == NodePhase.Pending && !node.hasLiveAttempt();
  }

  private Readiness readiness(
      NodeDraft node, Optional<NodeDraft> firstFailure, boolean suspended, Instant now) {
    if (unsuccessfulDependency(node).isPresent()) {
      return Readiness.DEPENDENCY_FAILED;
    }
    if (firstFailure.isPresent()) {
      return Readiness.EXECUTION_FAILING;
    }
    if (!dependenciesSucceeded(node)) {
      return Readiness.WAITING_FOR_DEPENDENCIES;
    }
    if (node.nextAttemptAt != null && now.isBefore(node.nextAttemptAt)) {
      return Readiness.BACKOFF;
    }
    return suspended ? Readiness.SUSPENDED : Readiness.READY;
  }

  private void skipForDependency(NodeDraft node) {
    NodeDraft blocker = unsuccessfulDependency(node).orElseThrow();
    skip(node, Reason.DependencyFailed, "dependency " + blocker.name() + " " + blocker.phase);
  }

  /**
   * A child execution may not run a Workflow it descends from (a cycle of workflows referring to
   * each other) nor nest deeper than the configured depth: the node fails InvalidSpec instead.
   */
  private boolean childAllowed(NodeDraft node, Instant now) {
    // An inline child cannot refer back by name; its depth is still bounded.
    String child =
        node.spec.workflowRef() != null
            ? node.spec.workflowRef().name()
            : "inline:" + execution + "/" + node.name();
    String problem = null;
    if (lineage.contains(child)) {
      problem = "workflow cycle: " + String.join(" -> ", lineage) + " -> " + child;
    } else if (lineage.size() >= config.maxDepth()) {
      problem =
          "child executions nest "
              + (lineage.size() + 1)
              + " deep; the limit is "
              + config.maxDepth();
    }
    if (problem == null) {
      return true;
    }
    if (node.moveTo(NodePhase.Failed, Reason.InvalidSpec, problem, refusals)) {
      node.finishedAt = now;
    }
    return false;
  }

  /** An approval node needs no Job: it runs by waiting for a person, within its timeout. */
  private void awaitApproval(NodeDraft node, Instant now, Wakeups wakeups) {
    if (node.moveTo(
        NodePhase.Running,
        Reason.WaitingForApproval,
        "waiting for approval: set spec.approvals." + node.name() + ".decision",
        refusals)) {
      node.startedAt = now;
      wakeups.at(now.plusSeconds(node.spec.timeoutSeconds()));
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

  /**
   * Starts the node's next attempt: its Job (or child execution) is to be created. An attempt whose
   * create the API server refused before keeps the start of its first try, so its bounds hold
   * across retries; the refusal of this reconcile's create, if any, is recorded instead (see {@link
   * CreateRetries}).
   */
  private void start(NodeDraft node, Instant now, List<JobAction> out, Wakeups wakeups) {
    String job = JobNames.forAttempt(execution, node.name(), node.attempts + 1);
    Instant since = CreateRetries.since(node, now);
    if (creates.expired(node, since, now)) {
      return;
    }
    CreateRefusal refusal = creates.refusalOf(job);
    if (refusal != null) {
      creates.refused(node, job, refusal, since, now, wakeups);
      return;
    }
    node.attempts++;
    node.job = job;
    node.pod = null;
    node.exitCode = null;
    node.errorType = null;
    node.startedAt = since;
    node.runningAt = null;
    node.finishedAt = null;
    node.nextAttemptAt = null;
    // The same reason and message a pending Pod then shows, so that observing it writes nothing.
    node.reason = Reason.ContainerCreating;
    node.message = null;
    out.add(new JobAction.Start(node.name(), node.attempts, node.job));
  }
}
