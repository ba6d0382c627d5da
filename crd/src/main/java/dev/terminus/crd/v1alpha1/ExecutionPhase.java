package dev.terminus.crd.v1alpha1;

/** Phase of an execution. Succeeded, Failed and Cancelled are terminal and final. */
public enum ExecutionPhase {
  Pending,
  Running,
  Succeeded,
  Failed,
  Cancelled;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed || this == Cancelled;
  }
}
