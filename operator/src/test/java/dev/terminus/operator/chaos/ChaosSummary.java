package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.chaos.FaultLog.Kind;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The table a chaos run prints: outcomes, faults, Jobs, restarts and timing against bounds. */
final class ChaosSummary {

  private final StringBuilder text = new StringBuilder();

  private ChaosSummary() {}

  static String of(
      ChaosSettings settings,
      Duration runTime,
      Collection<WorkflowExecution> executions,
      List<Timing> timings,
      FaultLog faults,
      JobLedger jobs,
      int controllerJobCount,
      OperatorLifecycle operators) {
    ChaosSummary summary = new ChaosSummary();
    summary.header(settings, runTime);
    summary.outcomes(executions);
    summary.faults(faults);
    summary.jobs(jobs, controllerJobCount);
    summary.operator(operators);
    summary.timing(timings);
    return summary.text.toString();
  }

  private void header(ChaosSettings settings, Duration runTime) {
    line(
        "=== Chaos run: %d executions, seed %d, %.1f s ===",
        settings.executions(), settings.seed(), runTime.toMillis() / 1000.0);
    line("reproduce with: %s", settings.reproduction());
  }

  private void outcomes(Collection<WorkflowExecution> executions) {
    line("Executions by phase/reason:");
    counts(executions, w -> phaseAndReason(w.getStatus()))
        .forEach((key, count) -> line("  %-32s %5d", key, count));
    List<NodeStatus> nodes =
        executions.stream()
            .map(WorkflowExecution::getStatus)
            .filter(s -> s != null && s.nodes() != null)
            .flatMap(s -> s.nodes().stream())
            .toList();
    line(
        "Nodes by phase/reason (%d nodes, %d attempts):",
        nodes.size(), nodes.stream().mapToInt(NodeStatus::attemptsOrZero).sum());
    counts(nodes, n -> n.phase() + "/" + n.reason())
        .forEach((key, count) -> line("  %-32s %5d", key, count));
  }

  private void faults(FaultLog faults) {
    line("Faults (%d applied):  applied  no target  failed requests", faults.total());
    for (Kind kind : Kind.values()) {
      line(
          "  %-48s %5d %5d %5d",
          kind.description,
          faults.appliedCount(kind),
          faults.missedCount(kind),
          faults.failedRequestCount(kind));
    }
  }

  private void jobs(JobLedger jobs, int controllerJobCount) {
    line(
        "Jobs: %d created, %d distinct names (fake controller saw %d), %d names created twice",
        jobs.creations(), jobs.distinctNames(), controllerJobCount, jobs.duplicatedNames().size());
  }

  private void operator(OperatorLifecycle operators) {
    List<OperatorLifecycle.Outage> outages = operators.outages();
    Duration down =
        outages.stream()
            .map(OperatorLifecycle.Outage::length)
            .reduce(Duration.ZERO, Duration::plus);
    line(
        "Operator: %d restarts, %.1f s down in all, %d refused transitions",
        outages.size(), down.toMillis() / 1000.0, operators.refusedTransitions());
  }

  private void timing(List<Timing> timings) {
    List<Timing> ended = timings.stream().filter(Timing::ended).toList();
    ended.stream()
        .max(Comparator.comparing(Timing::toTerminal))
        .ifPresent(t -> line("Slowest to end:        %s", t));
    ended.stream()
        .max(Comparator.comparing(t -> t.toTerminal().minusSeconds(t.deadlineSeconds())))
        .ifPresent(t -> line("Furthest past deadline: %s", t));
    ended.stream()
        .min(Comparator.comparing(Timing::margin))
        .ifPresent(
            t ->
                line(
                    "Tightest margin:       %s (%.1f s to spare)",
                    t, t.margin().toMillis() / 1000.0));
    line(
        "Within bound: %d of %d",
        timings.stream().filter(Timing::withinBound).count(), timings.size());
  }

  private static String phaseAndReason(WorkflowExecutionStatus status) {
    return status == null ? "(no status)" : status.phase() + "/" + status.reason();
  }

  private static <T> Map<String, Long> counts(Collection<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private void line(String format, Object... args) {
    text.append(String.format(format, args)).append('\n');
  }
}
