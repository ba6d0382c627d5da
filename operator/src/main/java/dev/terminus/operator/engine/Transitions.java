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
      String from = b == null ? null : String.valueOf(b.phase());
      if (phaseChanged && ranUnseen(b, n)) {
        out.add(
            new Transition(n.name(), from, NodePhase.Running.name(), Reason.Started, null, false));
        from = NodePhase.Running.name();
      }
      // A create the API server refused: reported once per reason, while the node stays Pending.
      boolean refused =
          CreateRefusal.retrying(n.reason()) && (b == null || b.reason() != n.reason());
      if (phaseChanged || newAttempt || refused) {
        out.add(
            new Transition(
                n.name(),
                from,
                n.phase().name(),
                n.reason(),
                n.message(),
                n.phase() == NodePhase.Failed || n.reason() == Reason.RetryBackoff || refused));
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

  /**
   * The node went from Pending to an end in one step although its attempt ran (it has a running
   * time it did not have): the Running it passed through is reported too, so that every attempt
   * that ran shows Running in the transitions, however short it was.
   */
  private static boolean ranUnseen(NodeStatus before, NodeStatus after) {
    return before != null
        && before.phase() == NodePhase.Pending
        && before.runningAt() == null
        && after.runningAt() != null
        && after.phase().isTerminal()
        && before.attemptsOrZero() == after.attemptsOrZero();
  }
}
