package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Workflows an execution descends from (from its parent's annotation) followed by its own: what
 * the planner checks to reject a cycle of workflows and to bound nesting depth.
 */
final class Lineage {
  private Lineage() {}

  static List<String> of(WorkflowExecution wfx) {
    List<String> lineage = new ArrayList<>();
    Map<String, String> annotations = wfx.getMetadata().getAnnotations();
    String inherited = annotations == null ? null : annotations.get(Api.ANNOTATION_LINEAGE);
    if (inherited != null && !inherited.isBlank()) {
      lineage.addAll(Arrays.asList(inherited.split(",")));
    }
    if (wfx.getSpec() != null && wfx.getSpec().workflowRef() != null) {
      lineage.add(wfx.getSpec().workflowRef().name());
    } else {
      lineage.add("inline:" + wfx.getMetadata().getName());
    }
    return List.copyOf(lineage);
  }
}
