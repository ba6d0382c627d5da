package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.AttemptStatus;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.Texts;
import dev.terminus.operator.engine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How long the attempt a node transition ended took, from the status that records it. */
final class AttemptDurations {
  private AttemptDurations() {}

  static Optional<Duration> of(WorkflowExecutionStatus status, Transition t) {
    if (t.node() == null || status == null || status.nodes() == null) {
      return Optional.empty();
    }
    return status.nodes().stream()
        .filter(n -> n.name().equals(t.node()))
        .findFirst()
        .flatMap(n -> t.reason() == Reason.RetryBackoff ? lastRetried(n) : finished(n));
  }

  private static Optional<Duration> finished(NodeStatus n) {
    if (!n.isTerminal() || n.attemptsOrZero() == 0) {
      return Optional.empty();
    }
    return between(n.startedAt(), n.finishedAt());
  }

  private static Optional<Duration> lastRetried(NodeStatus n) {
    List<AttemptStatus> history = n.history();
    if (history == null || history.isEmpty()) {
      return Optional.empty();
    }
    AttemptStatus last = history.get(history.size() - 1);
    return between(last.startedAt(), last.finishedAt());
  }

  private static Optional<Duration> between(String from, String to) {
    Instant a = Texts.parseTime(from);
    Instant b = Texts.parseTime(to);
    return a == null || b == null || b.isBefore(a)
        ? Optional.empty()
        : Optional.of(Duration.between(a, b));
  }
}
