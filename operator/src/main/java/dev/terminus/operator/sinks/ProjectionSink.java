package dev.terminus.operator.sinks;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.Transition;
import java.util.List;

/**
 * A projection of executions (PostgreSQL history, Redis live events). The custom resource is the
 * source of truth: a sink is told after the status is persisted, must be idempotent, and must never
 * throw into the reconcile or block it (diagnostic H5): a store that is down delays its projection,
 * never the execution.
 */
public interface ProjectionSink extends AutoCloseable {

  /**
   * The status of {@code execution} (as written, with its new resourceVersion) now holds these
   * transitions.
   */
  void statusWritten(WorkflowExecution execution, List<Transition> transitions);

  /**
   * The execution is being deleted; remove what the sink keeps live for it (Redis keys) and mark
   * its history deleted.
   *
   * @return true when the sink is done; false asks the caller to retry later (bounded)
   */
  boolean deleted(WorkflowExecution execution);

  /**
   * Whether the final state of a finished execution is durably projected, so that
   * ttlSecondsAfterFinished may delete the resource.
   */
  boolean hasFinalState(WorkflowExecution execution);

  @Override
  default void close() {}

  ProjectionSink NONE =
      new ProjectionSink() {
        @Override
        public void statusWritten(WorkflowExecution execution, List<Transition> transitions) {}

        @Override
        public boolean deleted(WorkflowExecution execution) {
          return true;
        }

        @Override
        public boolean hasFinalState(WorkflowExecution execution) {
          return true;
        }
      };
}
