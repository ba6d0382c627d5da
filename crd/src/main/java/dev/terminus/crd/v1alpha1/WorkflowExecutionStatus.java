package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of an execution, written by Terminus in one patch per reconcile. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WorkflowExecutionStatus(
    @JsonPropertyDescription("Pending, Running, Succeeded, Failed or Cancelled. Terminal is final.")
        ExecutionPhase phase,
    @JsonPropertyDescription("Typed reason of the phase.") Reason reason,
    @JsonPropertyDescription("What happened, for people.") String message,
    @JsonPropertyDescription("The metadata.generation this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription("When the execution started running (RFC 3339).") String startedAt,
    @JsonPropertyDescription("When the execution reached a terminal phase (RFC 3339).")
        String finishedAt,
    @JsonPropertyDescription("Finished nodes out of all nodes, e.g. 3/5.") String progress,
    @JsonPropertyDescription(
            "Running, Complete and Failed conditions, named like a batch/v1 Job's.")
        List<Condition> conditions,
    @JsonPropertyDescription("State of each node, by name.") List<NodeStatus> nodes,
    @JsonPropertyDescription("Usage totals of all nodes.") Usage usage,
    @JsonPropertyDescription(
            "The workflow resolved when the execution started; later edits of the Workflow do"
                + " not change a running execution.")
        WorkflowSpec workflow,
    @JsonPropertyDescription("Where the snapshot came from: inline or Workflow/<name>.")
        String workflowSource) {}
