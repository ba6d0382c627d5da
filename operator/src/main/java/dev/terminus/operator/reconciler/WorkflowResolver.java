package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.operator.engine.Resolution;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Finds the workflow an execution runs: inline, or the referenced Workflow from the cache. */
final class WorkflowResolver {
  static final String INLINE = "inline";

  private WorkflowResolver() {}

  static Resolution resolve(WorkflowExecution wfx, Context<WorkflowExecution> ctx) {
    WorkflowExecutionSpec spec = wfx.getSpec();
    if (spec == null) {
      return new Resolution.Found(null, INLINE);
    }
    if (spec.workflow() != null || spec.workflowRef() == null) {
      return new Resolution.Found(spec.workflow(), INLINE);
    }
    String name = spec.workflowRef().name();
    return ctx.getSecondaryResource(Workflow.class)
        .filter(w -> w.getMetadata().getName().equals(name) && w.getSpec() != null)
        .<Resolution>map(w -> new Resolution.Found(w.getSpec(), "Workflow/" + name))
        .orElseGet(() -> new Resolution.NotFound(name));
  }
}
