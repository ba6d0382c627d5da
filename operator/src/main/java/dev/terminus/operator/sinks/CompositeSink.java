package dev.terminus.operator.sinks;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.Transition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several projections as one: each is told everything, and each must be done. */
public final class CompositeSink implements ProjectionSink {
  private static final Logger log = LoggerFactory.getLogger(CompositeSink.class);

  private final List<ProjectionSink> sinks;

  public CompositeSink(List<ProjectionSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void statusWritten(WorkflowExecution execution, List<Transition> transitions) {
    for (ProjectionSink sink : sinks) {
      try {
        sink.statusWritten(execution, transitions);
      } catch (RuntimeException e) {
        log.warn("projection failed; it catches up later: {}", e.toString());
      }
    }
  }

  /** Every sink is asked (so that each starts its cleanup), not only up to the first "not yet". */
  @Override
  public boolean deleted(WorkflowExecution execution) {
    boolean all = true;
    for (ProjectionSink sink : sinks) {
      all &= sink.deleted(execution);
    }
    return all;
  }

  @Override
  public boolean hasFinalState(WorkflowExecution execution) {
    return sinks.stream().allMatch(s -> s.hasFinalState(execution));
  }

  @Override
  public void close() {
    for (ProjectionSink sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        log.warn("closing a projection failed: {}", e.toString());
      }
    }
  }
}
