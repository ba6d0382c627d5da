package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import java.util.function.Predicate;

/** Conditions on executions the benchmarks wait for. */
final class Phases {

  private Phases() {}

  static Predicate<WorkflowExecution> is(ExecutionPhase phase) {
    return w -> w.getStatus() != null && w.getStatus().phase() == phase;
  }

  static Predicate<WorkflowExecution> isTerminal() {
    return w ->
        w.getStatus() != null
            && w.getStatus().phase() != null
            && w.getStatus().phase().isTerminal();
  }

  /** At least one node has a Job (it was started). */
  static Predicate<WorkflowExecution> hasStartedANode() {
    return w ->
        w.getStatus() != null
            && w.getStatus().nodes() != null
            && w.getStatus().nodes().stream().anyMatch(n -> n.job() != null);
  }

  static Predicate<WorkflowExecution> nodeIs(String node, NodePhase phase) {
    return w ->
        w.getStatus() != null
            && w.getStatus().nodes() != null
            && w.getStatus().nodes().stream()
                .anyMatch(n -> n.name().equals(node) && phaseOf(n) == phase);
  }

  private static NodePhase phaseOf(NodeStatus n) {
    return n.phase();
  }
}
