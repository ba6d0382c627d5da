package dev.terminus.crd.v1alpha1;

/**
 * Phase of a node. Pending covers waiting for dependencies and for a retry's backoff; Skipped means
 * a dependency did not succeed. Succeeded, Failed, Skipped and Cancelled are terminal.
 */
public enum NodePhase {
  Pending,
  Running,
  Succeeded,
  Failed,
  Skipped,
  Cancelled;

  public boolean isTerminal() {
    return this != Pending && this != Running;
  }
}
