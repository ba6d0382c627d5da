package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** What to run and within which bounds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.workflowRef) != has(self.workflow)",
    message = "set exactly one of workflowRef and workflow")
public record WorkflowExecutionSpec(
    @JsonPropertyDescription("The Workflow to run. Exactly one of workflowRef and workflow.")
        WorkflowRef workflowRef,
    @JsonPropertyDescription("An inline workflow, with the schema of Workflow.spec.")
        WorkflowSpec workflow,
    @JsonPropertyDescription(
            "Inputs of the execution, given to root nodes in TERMINUS_INPUTS under 'execution'.")
        @Size(max = 64)
        Map<String, @Size(max = 32768) String> inputs,
    @JsonPropertyDescription(
            "Deadline of the whole execution in seconds from its start; the execution fails"
                + " DeadlineExceeded when it passes.")
        @Min(1)
        @Max(Api.MAX_DEADLINE_SECONDS)
        Long activeDeadlineSeconds,
    @JsonPropertyDescription("Limits on tokens, cost and node attempts.") Budget budget,
    @JsonPropertyDescription(
            "Set true to cancel: running Jobs are deleted and the execution ends Cancelled.")
        Boolean cancel,
    @JsonPropertyDescription(
            "Set true to start no new nodes; running nodes finish. Deadlines still apply.")
        Boolean suspend,
    @JsonPropertyDescription(
            "Seconds after the execution finishes at which it is deleted. Unset keeps it.")
        @Min(0)
        @Max(31536000)
        Long ttlSecondsAfterFinished,
    @JsonPropertyDescription(
            "Decisions on approval nodes, by node name, e.g. kubectl patch --type merge -p"
                + " '{\"spec\":{\"approvals\":{\"review\":{\"decision\":\"Approved\",\"by\":\"alice\"}}}}'.")
        @Size(max = Api.MAX_NODES)
        Map<String, ApprovalDecision> approvals) {

  public boolean cancelRequested() {
    return Boolean.TRUE.equals(cancel);
  }

  /** The decision on an approval node, if one was made. */
  public java.util.Optional<ApprovalDecision> approval(String node) {
    return approvals == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(approvals.get(node));
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
