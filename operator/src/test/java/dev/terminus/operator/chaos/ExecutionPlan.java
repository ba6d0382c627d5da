package dev.terminus.operator.chaos;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.fixtures.ExecutionBuilder;
import java.util.List;

/**
 * One execution of the run: an inline workflow with its execution deadline, the stated bound by
 * which it must end.
 *
 * @param parallelism the workflow's parallelism, or null for none
 */
record ExecutionPlan(String name, long deadlineSeconds, Integer parallelism, List<NodePlan> nodes) {

  WorkflowExecution toResource() {
    ExecutionBuilder builder =
        execution(name)
            .namespace(ChaosSettings.NAMESPACE)
            .deadline(deadlineSeconds)
            .nodes(nodes.stream().map(NodePlan::toSpec).toList());
    if (parallelism != null) {
      builder.parallelism(parallelism);
    }
    return builder.build();
  }
}
