package dev.terminus.operator.sinks;

import java.util.List;

/** What one status write means for the stores, derived from the written resource alone. */
public record ProjectedWrite(
    ExecutionRow execution, List<AttemptRow> attempts, List<TransitionRow> transitions) {

  public String uid() {
    return execution.uid();
  }

  /** The same write without its transitions: to re-project a state that is already recorded. */
  public ProjectedWrite withoutTransitions() {
    return new ProjectedWrite(execution, attempts, List.of());
  }
}
