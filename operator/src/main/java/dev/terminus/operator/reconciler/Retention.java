package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.Texts;
import dev.terminus.operator.sinks.ProjectionSink;
import java.time.Instant;
import java.util.Optional;

/**
 * ttlSecondsAfterFinished: a finished execution is deleted once its time is up, and only when its
 * final state is in the history store, so that nothing is lost (diagnostic M4).
 */
final class Retention {
  private Retention() {}

  /** When the execution may be deleted, if it is finished and has a TTL. */
  static Optional<Instant> deleteAt(WorkflowExecution wfx) {
    WorkflowExecutionStatus status = wfx.getStatus();
    Long ttl = wfx.getSpec() == null ? null : wfx.getSpec().ttlSecondsAfterFinished();
    if (ttl == null || status == null || status.phase() == null || !status.phase().isTerminal()) {
      return Optional.empty();
    }
    Instant finished = Texts.parseTime(status.finishedAt());
    return finished == null ? Optional.empty() : Optional.of(finished.plusSeconds(ttl));
  }

  /** True when the execution should be deleted now. */
  static boolean due(WorkflowExecution wfx, ProjectionSink sink, Instant now) {
    return deleteAt(wfx).filter(at -> !now.isBefore(at)).isPresent() && sink.hasFinalState(wfx);
  }
}
