package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.WorkflowSpec;

/** The workflow an execution runs, as the reconciler found it before the snapshot exists. */
public sealed interface Resolution {

  /** Found: inline, or the named Workflow. */
  record Found(WorkflowSpec workflow, String source) implements Resolution {}

  /** The named Workflow does not exist (yet). */
  record NotFound(String name) implements Resolution {}
}
