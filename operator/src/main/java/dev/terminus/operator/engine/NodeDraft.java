package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.AttemptStatus;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The working copy of one node's status during an evaluation. Starts as the previous status and is
 * changed only through {@link #moveTo}, which refuses illegal transitions, so a terminal node can
 * never be reopened however the steps are combined.
 */
final class NodeDraft {
  final NodeSpec spec;
  final NodeStatus previous;
  NodePhase phase;
  Reason reason;
  String message;
  String errorType;
  int attempts;
  String job;
  String pod;
  Integer exitCode;
  Instant startedAt;
  Instant runningAt;
  Instant finishedAt;
  Instant nextAttemptAt;
  Instant podMissingSince;
  String outputPreview;
  boolean outputTruncated;
  String outputRef;
  Usage usage;
  final List<AttemptStatus> history;

  NodeDraft(NodeSpec spec, NodeStatus previous) {
    this.spec = spec;
    this.previous = previous;
    NodeStatus p = previous == null ? emptyStatus(spec.name()) : previous;
    phase = p.phase() == null ? NodePhase.Pending : p.phase();
    reason = p.reason();
    message = p.message();
    errorType = p.errorType();
    attempts = p.attemptsOrZero();
    job = p.job();
    pod = p.pod();
    exitCode = p.exitCode();
    startedAt = Texts.parseTime(p.startedAt());
    runningAt = Texts.parseTime(p.runningAt());
    finishedAt = Texts.parseTime(p.finishedAt());
    nextAttemptAt = Texts.parseTime(p.nextAttemptAt());
    podMissingSince = Texts.parseTime(p.podMissingSince());
    outputPreview = p.outputPreview();
    outputTruncated = p.partialOutput();
    outputRef = p.outputRef();
    usage = p.usage();
    history = p.history() == null ? new ArrayList<>() : new ArrayList<>(p.history());
  }

  static NodeStatus emptyStatus(String name) {
    return new NodeStatus(
        name,
        NodePhase.Pending,
        Reason.WaitingForDependencies,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  String name() {
    return spec.name();
  }

  boolean isTerminal() {
    return phase.isTerminal();
  }

  /** True while a Job of the current attempt exists or is being created. */
  boolean hasLiveAttempt() {
    return !isTerminal() && attempts > 0 && job != null && nextAttemptAt == null;
  }

  /**
   * Moves to a phase if the state machine allows it.
   *
   * @return false, with nothing changed, when the transition is illegal
   */
  boolean moveTo(NodePhase to, Reason why, String text, IllegalTransitions refusals) {
    if (!PhaseMachine.allowed(phase, to)) {
      refusals.refused("node/" + name(), phase.name(), to.name());
      return false;
    }
    phase = to;
    reason = why;
    message = text;
    return true;
  }

  /** Ends the current attempt, keeping a capped history of finished attempts. */
  void recordAttempt(NodePhase outcome, Reason why, Instant at, int historyLimit) {
    history.add(
        new AttemptStatus(
            attempts, job, pod, outcome, why, exitCode, Texts.time(startedAt), Texts.time(at)));
    while (history.size() > historyLimit) {
      history.remove(0);
    }
  }

  NodeStatus toStatus() {
    return new NodeStatus(
        name(),
        phase,
        reason,
        message,
        errorType,
        attempts,
        job,
        pod,
        exitCode,
        Texts.time(startedAt),
        Texts.time(runningAt),
        Texts.time(finishedAt),
        Texts.time(nextAttemptAt),
        Texts.time(podMissingSince),
        outputPreview,
        outputTruncated ? Boolean.TRUE : null,
        outputRef,
        usage,
        history.isEmpty() ? null : List.copyOf(history));
  }
}
