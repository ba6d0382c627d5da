package dev.terminus.operator.engine;

/** A change to the cluster that the engine asks the reconciler to make. */
public sealed interface JobAction {

  /** Create the Job of an attempt; an existing Job of that name is adopted. */
  record Start(String node, int attempt, String jobName) implements JobAction {}

  /** Delete a Job (cancel, deadline, orphan); deleting a missing Job is not an error. */
  record Delete(String jobName, String why) implements JobAction {}
}
