package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.RetryPolicy;
import dev.terminus.crd.v1alpha1.Usage;
import dev.terminus.protocol.RedisKeys;
import dev.terminus.protocol.WorkerResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Moves a node with a live attempt to what its Job and Pod show now, and applies the node-level
 * watchdog rules: JobLost, PendingTooLong, the NodeDeadline backstop and HeartbeatStale. Failed
 * attempts are retried or end the node, per its retry policy.
 */
final class NodeObserver {
  private final String executionUid;
  private final EngineConfig config;
  private final NodeDefaults defaults;
  private final IllegalTransitions refusals;
  private final Instant now;
  private final List<JobAction> actions;
  private final List<Detection> detections;
  private final Wakeups wakeups;

  NodeObserver(
      String executionUid,
      EngineConfig config,
      NodeDefaults defaults,
      IllegalTransitions refusals,
      Instant now,
      List<JobAction> actions,
      List<Detection> detections,
      Wakeups wakeups) {
    this.executionUid = executionUid;
    this.config = config;
    this.defaults = defaults;
    this.refusals = refusals;
    this.now = now;
    this.actions = actions;
    this.detections = detections;
    this.wakeups = wakeups;
  }

  void observe(NodeDraft node, AttemptOutcome outcome, Instant lastHeartbeat) {
    if (outcome == null) {
      detect(
          WatchdogRule.JobLost,
          node,
          "Job " + node.job + " no longer exists: it was deleted before it finished",
          null);
      attemptFailed(node, FailureReason.Lost, lastDetection(), now, false);
      return;
    }
    if (outcome.podName() != null) {
      node.pod = outcome.podName();
      node.podMissingSince = null;
    }
    switch (outcome.kind()) {
      case PENDING -> pending(node, outcome);
      case RUNNING -> running(node, outcome, lastHeartbeat);
      case SUCCEEDED -> {
        ranBeforeEnding(node, outcome);
        succeeded(node, outcome);
      }
      case FAILED -> {
        ranBeforeEnding(node, outcome);
        failed(node, outcome);
      }
    }
  }

  /**
   * An attempt whose container started ran, whether or not an evaluation saw it running (a short
   * node can start and end between two evaluations, or while a write that could wait was held
   * back): it keeps when it started running.
   */
  private static void ranBeforeEnding(NodeDraft node, AttemptOutcome outcome) {
    if (node.runningAt == null && outcome.podStartedAt() != null) {
      node.runningAt = outcome.podStartedAt();
    }
  }

  private void pending(NodeDraft node, AttemptOutcome outcome) {
    if (deadlineBackstopFired(node) || podLost(node, outcome)) {
      return;
    }
    Instant limit = node.startedAt.plus(pendingTimeout(node));
    if (!now.isBefore(limit)) {
      String hint = outcome.message() == null ? "" : ": " + outcome.message();
      detect(
          WatchdogRule.PendingTooLong,
          node,
          "Pod stayed pending longer than " + pendingTimeout(node).toSeconds() + "s" + hint,
          limit);
      attemptFailed(node, FailureReason.PendingTooLong, lastDetection(), now, true);
      return;
    }
    if (node.phase == NodePhase.Pending) {
      boolean unschedulable = outcome.failure() == FailureReason.Unschedulable;
      node.reason = unschedulable ? Reason.Unschedulable : Reason.ContainerCreating;
      node.message = bounded(outcome.message());
    }
    wakeups.at(limit);
  }

  /**
   * The Pod this attempt had is gone, the Job is still active and no Pod replaced it: after a grace
   * (the Job controller may still be replacing it) the node is Lost and the Job deleted.
   */
  private boolean podLost(NodeDraft node, AttemptOutcome outcome) {
    if (outcome.podName() != null || node.pod == null) {
      return false;
    }
    if (node.podMissingSince == null) {
      node.podMissingSince = now;
    }
    Instant limit = node.podMissingSince.plus(config.podLostGrace());
    if (now.isBefore(limit)) {
      wakeups.at(limit);
      return false;
    }
    detect(
        WatchdogRule.PodLost,
        node,
        "Pod "
            + node.pod
            + " vanished and no Pod replaced it within "
            + config.podLostGrace().toSeconds()
            + "s; Job "
            + node.job
            + " deleted",
        limit);
    attemptFailed(node, FailureReason.Lost, lastDetection(), now, true);
    return true;
  }

  private void running(NodeDraft node, AttemptOutcome outcome, Instant lastHeartbeat) {
    node.moveTo(NodePhase.Running, Reason.Started, null, refusals);
    if (node.runningAt == null) {
      node.runningAt = outcome.podStartedAt() != null ? outcome.podStartedAt() : now;
    }
    if (!deadlineBackstopFired(node)) {
      heartbeatStale(node, lastHeartbeat);
    }
  }

  /**
   * The Job controller should end the Job at its deadline; if it has not after a grace, Terminus
   * does (NodeDeadline). A child execution is cancelled exactly at its node's deadline
   * (ChildDeadline): the parent decides, so a child finishing at the same moment cannot also be
   * recorded as a success.
   */
  private boolean deadlineBackstopFired(NodeDraft node) {
    Long deadline = nodeDeadlineSeconds(node);
    if (deadline == null) {
      return false;
    }
    boolean child = node.spec.typeOrDefault() == NodeType.WORKFLOW;
    Duration grace = child ? Duration.ZERO : config.deadlineGrace();
    Instant backstop = node.startedAt.plusSeconds(deadline).plus(grace);
    if (now.isBefore(backstop)) {
      wakeups.at(backstop);
      return false;
    }
    if (child) {
      detect(
          WatchdogRule.ChildDeadline,
          node,
          "child execution "
              + node.job
              + " ran past the node's deadline of "
              + deadline
              + "s; cancelled",
          backstop);
      attemptFailed(node, FailureReason.ChildDeadline, lastDetection(), now, true);
      return true;
    }
    detect(
        WatchdogRule.NodeDeadline,
        node,
        "Job still active "
            + config.deadlineGrace().toSeconds()
            + "s past its deadline of "
            + deadline
            + "s; deleted by the watchdog",
        backstop);
    attemptFailed(node, FailureReason.DeadlineExceeded, lastDetection(), now, true);
    return true;
  }

  private boolean heartbeatStale(NodeDraft node, Instant lastHeartbeat) {
    Long timeout = node.spec.heartbeatTimeoutSeconds();
    if (timeout == null) {
      return false;
    }
    if (lastHeartbeat == ExecutionEngine.UNKNOWN) {
      // The heartbeat source is down: an outage of a store never fails a node. Look again soon;
      // the node's deadline still bounds it.
      wakeups.at(now.plusSeconds(Math.max(1, timeout / 2)));
      return false;
    }
    Instant last = lastHeartbeat != null ? lastHeartbeat : node.runningAt;
    Instant limit = last.plusSeconds(timeout);
    if (now.isBefore(limit)) {
      wakeups.at(limit);
      return false;
    }
    detect(
        WatchdogRule.HeartbeatStale,
        node,
        "no heartbeat for " + timeout + "s (last " + Texts.time(last) + ")",
        limit);
    attemptFailed(node, FailureReason.HeartbeatTimeout, lastDetection(), now, true);
    return true;
  }

  private void succeeded(NodeDraft node, AttemptOutcome outcome) {
    node.exitCode = outcome.exitCode() == null ? 0 : outcome.exitCode();
    Optional<WorkerResult> result = WorkerResult.parse(outcome.terminationMessage());
    if (result.isPresent() && result.get().failed()) {
      // Diagnostic H3: an error is a failure even when the process exited 0.
      WorkerResult r = result.get();
      node.usage = usage(r);
      node.errorType = ErrorTypes.typed(r.errorType());
      attemptFailed(node, FailureReason.Error, resultError(r), finishedAt(outcome), false);
      return;
    }
    String output = result.map(WorkerResult::output).orElse(outcome.terminationMessage());
    node.outputPreview = Texts.bounded(output, config.outputPreviewChars());
    node.outputTruncated =
        result.map(WorkerResult::truncated).orElse(false)
            || (output != null && output.length() > config.outputPreviewChars());
    String rawRef = result.map(WorkerResult::outputRef).orElse(null);
    node.outputRef = OutputRefs.accepted(rawRef, executionUid).orElse(null);
    result.ifPresent(r -> node.usage = usage(r));
    if (node.moveTo(NodePhase.Succeeded, Reason.Succeeded, refNote(rawRef, node), refusals)) {
      node.finishedAt = finishedAt(outcome);
    }
  }

  private static Usage usage(WorkerResult r) {
    return r.usage() == null ? null : new Usage(r.usage().tokens(), r.usage().costMicros());
  }

  /** Says why a ref the worker gave was dropped; the ref itself is not echoed (it may hold one). */
  private static String refNote(String rawRef, NodeDraft node) {
    if (rawRef == null || node.outputRef != null) {
      return null;
    }
    return "outputRef ignored: not redis://host:port/"
        + RedisKeys.OUTPUT_PREFIX
        + "<execution uid>:... without credentials; downstream nodes get the preview only";
  }

  private void failed(NodeDraft node, AttemptOutcome outcome) {
    node.exitCode = outcome.exitCode();
    Optional<WorkerResult> result = WorkerResult.parse(outcome.terminationMessage());
    result.ifPresent(r -> node.usage = usage(r));
    node.errorType = result.map(r -> ErrorTypes.typed(r.errorType())).orElse(null);
    String message =
        result
            .filter(r -> r.errorMessage() != null)
            .map(NodeObserver::resultError)
            .orElse(outcome.message());
    FailureReason reason = outcome.failure() == null ? FailureReason.Error : outcome.failure();
    attemptFailed(node, reason, message, finishedAt(outcome), outcome.jobStillActive());
  }

  /** Jobs are deleted; a child execution is cancelled, so that it stops its own Jobs. */
  private static JobAction stopAction(NodeDraft node, String why) {
    return node.spec.typeOrDefault() == NodeType.WORKFLOW
        ? new JobAction.CancelChild(node.job, why)
        : new JobAction.Delete(node.job, why);
  }

  private void detect(WatchdogRule rule, NodeDraft node, String message, Instant due) {
    detections.add(new Detection(rule, node.name(), message, due));
  }

  private String lastDetection() {
    return detections.get(detections.size() - 1).message();
  }

  private static String resultError(WorkerResult r) {
    String type = r.errorType() == null ? "Error" : r.errorType();
    return type
        + ": "
        + (r.errorMessage() == null ? "the worker reported failure" : r.errorMessage());
  }

  /**
   * Ends the current attempt: schedules a retry when the policy allows it, else fails the node.
   *
   * @param deleteJob true when the Job is still active and must be stopped
   */
  private void attemptFailed(
      NodeDraft node, FailureReason why, String text, Instant at, boolean deleteJob) {
    if (deleteJob) {
      actions.add(stopAction(node, why.name()));
    }
    Reason reason = Reason.of(why);
    String message = bounded(text);
    RetryPolicy policy = RetryRules.effective(node.spec, defaults);
    if (RetryRules.retries(policy, why, node.attempts)) {
      Duration backoff = RetryRules.backoff(policy, node.attempts);
      node.recordAttempt(NodePhase.Failed, reason, at, config.historyLimit());
      if (node.moveTo(
          NodePhase.Pending,
          Reason.RetryBackoff,
          bounded("attempt " + node.attempts + " failed (" + why + ": " + message + ")"),
          refusals)) {
        node.nextAttemptAt = at.plus(backoff);
        wakeups.at(node.nextAttemptAt);
      }
      return;
    }
    if (node.moveTo(NodePhase.Failed, reason, message, refusals)) {
      node.finishedAt = at;
    }
  }

  private Instant finishedAt(AttemptOutcome outcome) {
    return outcome.finishedAt() != null ? outcome.finishedAt() : now;
  }

  private Duration pendingTimeout(NodeDraft node) {
    return NodeBounds.pendingTimeout(node.spec, defaults, config);
  }

  private Long nodeDeadlineSeconds(NodeDraft node) {
    return NodeBounds.deadlineSeconds(node.spec, defaults);
  }

  private String bounded(String s) {
    return Texts.bounded(s, config.messageChars());
  }
}
