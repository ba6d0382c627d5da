package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The DAG of a workflow: shared by Workflow.spec and WorkflowExecution.spec.workflow. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowSpec(
    @JsonPropertyDescription("Values every node inherits unless it sets its own.")
        NodeDefaults defaults,
    @JsonPropertyDescription(
            "The most nodes that run at once. Unset means no limit beyond the DAG itself.")
        @Min(1)
        @Max(1000)
        Integer parallelism,
    @JsonPropertyDescription(
            "The nodes of the DAG, at most 500. Order does not matter; dependsOn gives the edges.")
        @Required
        @Size(min = 1, max = Api.MAX_NODES)
        List<NodeSpec> nodes) {

  public List<NodeSpec> nodesOrEmpty() {
    return nodes == null ? List.of() : nodes;
  }

  public NodeDefaults defaultsOrEmpty() {
    return defaults == null ? NodeDefaults.EMPTY : defaults;
  }
}
