package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The phase changes between two statuses: what Events and transition metrics report. */
final class Transitions {
  private Transitions() {}

  static List<Transition> between(
      WorkflowExecutionStatus prev, WorkflowExecutionStatus next, List<NodeStatus> nodes) {
    List<Transition> out = new ArrayList<>();
    Map<String, NodeStatus> before = new HashMap<>();
    if (prev != null && prev.nodes() != null) {
      prev.nodes().forEach(n -> before.put(n.name(), n));
    }
    for (NodeStatus n : nodes) {
      NodeStatus b = before.get(n.name());
      boolean phaseChanged = b == null ? n.phase() != NodePhase.Pending : b.phase() != n.phase();
      boolean newAttempt = b != null && b.attemptsOrZero() != n.attemptsOrZero();
      if (phaseChanged || newAttempt) {
        out.add(
            new Transition(
                n.name(),
                b == null ? null : String.valueOf(b.phase()),
                n.phase().name(),
                n.reason(),
                n.message(),
                n.phase() == NodePhase.Failed || n.reason() == Reason.RetryBackoff));
      }
    }
    if (prev == null || !Objects.equals(prev.phase(), next.phase())) {
      boolean warning = next.phase().isTerminal() && next.reason() != Reason.Succeeded;
      out.add(
          new Transition(
              null,
              prev == null ? null : String.valueOf(prev.phase()),
              next.phase().name(),
              next.reason(),
              next.message(),
              warning));
    }
    return out;
  }
}
