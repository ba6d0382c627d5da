package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether an execution's final status is consistent with what happened to it: with its plan (what
 * each attempt did) and with the faults that hit it. Each check returns problems as sentences that
 * name the execution; none means consistent.
 */
final class ConsistencyChecks {

  private static final Set<Reason> FAILED_EXECUTION_REASONS =
      EnumSet.of(Reason.NodeFailed, Reason.DeadlineExceeded);

  private final FaultLog faults;
  private final JobLedger jobs;

  ConsistencyChecks(FaultLog faults, JobLedger jobs) {
    this.faults = faults;
    this.jobs = jobs;
  }

  List<String> problems(ExecutionPlan plan, WorkflowExecution wfx) {
    List<String> problems = new ArrayList<>();
    WorkflowExecutionStatus status = wfx == null ? null : wfx.getStatus();
    if (status == null || status.phase() == null || !status.phase().isTerminal()) {
      problems.add(plan.name() + " is not terminal");
      return problems;
    }
    problems.addAll(executionProblems(plan, status));
    for (NodePlan node : plan.nodes()) {
      NodeStatus nodeStatus = nodeStatus(status, node.name());
      if (nodeStatus == null) {
        problems.add(plan.name() + ": node " + node.name() + " missing from the status");
      } else {
        nodeProblems(plan, node, nodeStatus).forEach(p -> problems.add(plan.name() + ": " + p));
      }
    }
    return problems;
  }

  private List<String> executionProblems(ExecutionPlan plan, WorkflowExecutionStatus status) {
    List<String> problems = new ArrayList<>();
    String name = plan.name();
    List<NodeStatus> nodes = status.nodes() == null ? List.of() : status.nodes();
    switch (status.phase()) {
      case Succeeded -> {
        if (!nodes.stream().allMatch(n -> n.phase() == NodePhase.Succeeded)) {
          problems.add(name + " Succeeded but not every node did: " + nodePhases(status));
        }
      }
      case Failed -> problems.addAll(failedProblems(plan, status, nodes));
      case Cancelled -> {
        if (!faults.wasCancelled(name)) {
          problems.add(name + " is Cancelled but nobody cancelled it");
        }
      }
      default -> problems.add(name + " has phase " + status.phase());
    }
    if (!nodes.stream().allMatch(NodeStatus::isTerminal)) {
      problems.add(name + " is " + status.phase() + " with open nodes: " + nodePhases(status));
    }
    String progress = plan.nodes().size() + "/" + plan.nodes().size();
    if (!progress.equals(status.progress())) {
      problems.add(name + " ended with progress " + status.progress() + ", not " + progress);
    }
    return problems;
  }

  private List<String> failedProblems(
      ExecutionPlan plan, WorkflowExecutionStatus status, List<NodeStatus> nodes) {
    List<String> problems = new ArrayList<>();
    String name = plan.name();
    if (!FAILED_EXECUTION_REASONS.contains(status.reason())) {
      problems.add(name + " Failed with reason " + status.reason() + ": " + status.message());
    }
    if (status.reason() == Reason.NodeFailed
        && nodes.stream().noneMatch(n -> n.phase() == NodePhase.Failed)) {
      problems.add(name + " Failed/NodeFailed without a Failed node: " + nodePhases(status));
    }
    if (status.reason() == Reason.DeadlineExceeded && endedEarly(plan, status)) {
      problems.add(
          name
              + " Failed/DeadlineExceeded before its deadline of "
              + plan.deadlineSeconds()
              + "s (started "
              + status.startedAt()
              + ", finished "
              + status.finishedAt()
              + ")");
    }
    return problems;
  }

  /** Status times have whole seconds, so a second of truncation is allowed. */
  private static boolean endedEarly(ExecutionPlan plan, WorkflowExecutionStatus status) {
    Instant started = Texts.parseTime(status.startedAt());
    Instant finished = Texts.parseTime(status.finishedAt());
    if (started == null || finished == null) {
      return true;
    }
    return Duration.between(started, finished).getSeconds() < plan.deadlineSeconds() - 1;
  }

  private List<String> nodeProblems(ExecutionPlan plan, NodePlan node, NodeStatus status) {
    List<String> problems = new ArrayList<>();
    String name = "node " + node.name();
    int attempts = status.attemptsOrZero();
    if (attempts > node.maxAttempts()) {
      problems.add(
          name + " made " + attempts + " attempts, its policy allows " + node.maxAttempts());
    }
    Set<String> jobNames = jobs.attemptsOf(plan.name(), node.name());
    if (jobNames.size() > node.maxAttempts()) {
      problems.add(name + " got Jobs " + jobNames + ", its policy allows " + node.maxAttempts());
    }
    if (status.phase() == NodePhase.Succeeded && !node.attempt(attempts).succeeds()) {
      problems.add(name + " Succeeded, but attempt " + attempts + " was " + node.attempt(attempts));
    }
    if (status.phase() == NodePhase.Failed) {
      problems.addAll(failedNodeProblems(node, status));
    }
    if (status.phase() == NodePhase.Cancelled && !faults.wasCancelled(plan.name())) {
      problems.add(name + " is Cancelled but nobody cancelled " + plan.name());
    }
    return problems;
  }

  private List<String> failedNodeProblems(NodePlan node, NodeStatus status) {
    List<String> problems = new ArrayList<>();
    String name = "node " + node.name();
    Set<Reason> allowed = allowedFailures(node, status.attemptsOrZero());
    if (!allowed.contains(status.reason())) {
      problems.add(
          name
              + " Failed/"
              + status.reason()
              + " ("
              + status.message()
              + "), expected one of "
              + allowed
              + "; plan "
              + node.attempts()
              + lostHint(status));
    }
    PlannedAttempt last = node.attempt(status.attemptsOrZero());
    if (status.reason() == Reason.Error
        && last.failure() == Reason.Error
        && !Objects.equals(status.exitCode(), last.exitCode())) {
      problems.add(name + " exit code " + status.exitCode() + ", planned " + last.exitCode());
    }
    return problems;
  }

  /** Lost though the chaos left the Job alone: the operator itself deleted it (see its log). */
  private static String lostHint(NodeStatus status) {
    return status.reason() == Reason.Lost
        ? "; nothing but the operator deleted Job " + status.job()
        : "";
  }

  /**
   * The reasons a node may fail with: those its attempts were planned to fail with; always
   * DeadlineExceeded (the execution's deadline or the watchdog's backstop may end any attempt); and
   * Lost or JobFailed when the chaos took its Job or Pod away.
   */
  private Set<Reason> allowedFailures(NodePlan node, int attempts) {
    Set<Reason> allowed = EnumSet.of(Reason.DeadlineExceeded);
    for (int a = 1; a <= attempts; a++) {
      Reason planned = node.attempt(a).failure();
      if (planned != null) {
        allowed.add(planned);
      }
    }
    if (faults.wasTouched(node.name())) {
      allowed.add(Reason.Lost);
      allowed.add(Reason.JobFailed);
    }
    return allowed;
  }

  private static NodeStatus nodeStatus(WorkflowExecutionStatus status, String node) {
    if (status.nodes() == null) {
      return null;
    }
    return status.nodes().stream().filter(n -> node.equals(n.name())).findFirst().orElse(null);
  }

  private static String nodePhases(WorkflowExecutionStatus status) {
    return ExecutionTracker.describeNodes(status);
  }
}
