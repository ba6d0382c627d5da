package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Validation result of a Workflow template. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WorkflowStatus(
    @JsonPropertyDescription("The metadata.generation this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription("Number of nodes of the template.") Integer nodeCount,
    @JsonPropertyDescription("The Valid condition, with every validation problem when False.")
        List<Condition> conditions) {}
