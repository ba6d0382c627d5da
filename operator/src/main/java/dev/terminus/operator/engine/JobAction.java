package dev.terminus.operator.engine;

/** A change to the cluster that the engine asks the reconciler to make. */
public sealed interface JobAction {

  /** The Job or child execution this action stops, or null. */
  default String stops() {
    return null;
  }

  /**
   * Create the Job of an attempt, or the child execution of a workflow node; an existing one of
   * that name is adopted.
   */
  record Start(String node, int attempt, String jobName) implements JobAction {}

  /** Delete a Job (cancel, deadline, orphan); deleting a missing Job is not an error. */
  record Delete(String jobName, String why) implements JobAction {
    @Override
    public String stops() {
      return jobName;
    }
  }

  /** Cancel a child execution (spec.cancel), which then stops its own Jobs and ends Cancelled. */
  record CancelChild(String name, String why) implements JobAction {
    @Override
    public String stops() {
      return name;
    }
  }
}
