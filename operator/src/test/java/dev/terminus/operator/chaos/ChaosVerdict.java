package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a finished chaos run: every execution terminal, within its bound, with a status consistent
 * with what happened, terminal phases never changed, no Job name created twice, no Job left running
 * after its execution ended, no transition refused. Each failure names the executions concerned and
 * the faults that hit them.
 */
final class ChaosVerdict {

  /**
   * How long a Job may stay active after its execution ended: the operator stops stray Jobs of a
   * terminal execution at its next reconcile, at the latest one resync later; plus a second for
   * watches and a loaded machine.
   */
  static final Duration JOB_STOP_ALLOWANCE = ChaosSettings.RESYNC.plusSeconds(1);

  private final List<ExecutionPlan> plans;
  private final Map<String, WorkflowExecution> finals;
  private final List<Timing> timings;
  private final ExecutionTracker tracker;
  private final JobLedger ledger;
  private final int controllerJobNames;
  private final OperatorLifecycle operators;
  private final FaultLog faults;

  /**
   * @param finals each execution as the API server had it at the end, by name
   * @param controllerJobNames how many Job names the fake Job controller saw created
   */
  ChaosVerdict(
      List<ExecutionPlan> plans,
      Map<String, WorkflowExecution> finals,
      List<Timing> timings,
      ExecutionTracker tracker,
      JobLedger ledger,
      int controllerJobNames,
      OperatorLifecycle operators,
      FaultLog faults) {
    this.plans = plans;
    this.finals = finals;
    this.timings = timings;
    this.tracker = tracker;
    this.ledger = ledger;
    this.controllerJobNames = controllerJobNames;
    this.operators = operators;
    this.faults = faults;
  }

  /** One section per kind of failure, each listing what failed; empty when the run passed. */
  List<String> failures() {
    List<String> failures = new ArrayList<>();
    section(failures, "Executions not terminal", notTerminal());
    section(failures, "Executions that ended after their bound", late());
    section(failures, "Inconsistent statuses", inconsistencies());
    section(failures, "Terminal phases that changed", tracker.finalityViolations());
    section(failures, "Job names created more than once", duplicates());
    section(
        failures,
        "Jobs active longer than one resync after their execution ended",
        jobsOutlivingExecutions());
    section(failures, "Refused transitions", refusals());
    return failures;
  }

  private List<String> notTerminal() {
    List<String> problems = new ArrayList<>();
    for (ExecutionPlan plan : plans) {
      WorkflowExecution wfx = finals.get(plan.name());
      if (!ExecutionTracker.isTerminal(wfx)) {
        List<String> lines = new ArrayList<>(List.of(describe(plan.name(), wfx)));
        lines.addAll(timelineOf(plan.name()));
        problems.add(String.join("\n      ", lines));
      }
    }
    return problems;
  }

  /** The faults that named this execution, its Jobs or its Pods, to replay what happened. */
  private List<String> timelineOf(String execution) {
    return faults.timelineOf(execution).stream().map(line -> "chaos at " + line.strip()).toList();
  }

  private static String describe(String name, WorkflowExecution wfx) {
    WorkflowExecutionStatus status = wfx == null ? null : wfx.getStatus();
    if (status == null) {
      return name + ": " + (wfx == null ? "gone" : "no status");
    }
    return String.format(
        "%s: %s/%s, progress %s, nodes [%s]",
        name,
        status.phase(),
        status.reason(),
        status.progress(),
        ExecutionTracker.describeNodes(status));
  }

  private List<String> late() {
    return timings.stream()
        .filter(t -> t.ended() && !t.withinBound())
        .map(Timing::toString)
        .toList();
  }

  private List<String> inconsistencies() {
    ConsistencyChecks checks = new ConsistencyChecks(faults, ledger);
    List<String> problems = new ArrayList<>();
    for (ExecutionPlan plan : plans) {
      WorkflowExecution wfx = finals.get(plan.name());
      List<String> found =
          ExecutionTracker.isTerminal(wfx) ? checks.problems(plan, wfx) : List.of();
      if (!found.isEmpty()) {
        List<String> lines = new ArrayList<>(found);
        lines.addAll(timelineOf(plan.name()));
        problems.add(String.join("\n      ", lines));
      }
    }
    return problems;
  }

  /**
   * Every Job of an execution must have stopped (finished or been deleted) within one resync of the
   * execution's end: a terminal execution keeps nothing running.
   */
  private List<String> jobsOutlivingExecutions() {
    List<String> problems = new ArrayList<>();
    Instant now = Instant.now();
    for (ExecutionPlan plan : plans) {
      Instant ended = tracker.terminalAt(plan.name()).orElse(null);
      if (ended == null) {
        continue; // reported as not terminal
      }
      for (JobLedger.Entry job : ledger.jobsOf(plan.name())) {
        Instant stopped = job.endedAt() == null ? now : job.endedAt();
        Instant limit =
            ended.plus(JOB_STOP_ALLOWANCE).plus(operators.downtimeBetween(ended, stopped));
        if (stopped.isAfter(limit)) {
          problems.add(
              String.format(
                  "%s: Job %s (node %s) %s %.1f s after the execution ended %s",
                  plan.name(),
                  job.name,
                  job.node,
                  job.endedAt() == null ? "still active" : "stopped only",
                  Duration.between(ended, stopped).toMillis() / 1000.0,
                  describe(plan.name(), finals.get(plan.name()))));
        }
      }
    }
    return problems;
  }

  private List<String> duplicates() {
    List<String> problems = new ArrayList<>();
    ledger
        .duplicatedNames()
        .forEach((name, count) -> problems.add(name + " created " + count + " times"));
    if (controllerJobNames != ledger.distinctNames()) {
      problems.add(
          "the fake Job controller saw "
              + controllerJobNames
              + " Job names, the ledger "
              + ledger.distinctNames());
    }
    return problems;
  }

  private List<String> refusals() {
    long refused = operators.refusedTransitions();
    return refused == 0 ? List.of() : List.of(refused + " refused (see ERROR lines in the log)");
  }

  private static void section(List<String> out, String title, List<String> problems) {
    if (!problems.isEmpty()) {
      out.add("- " + title + " (" + problems.size() + "):");
      problems.stream().map(p -> "    " + p).forEach(out::add);
    }
  }
}
