package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Limits of one execution; crossing one fails it with reason BudgetExceeded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Budget(
    @JsonPropertyDescription("Most tokens the nodes may report in total.") @Min(1) Long maxTokens,
    @JsonPropertyDescription("Most cost, in millionths of a currency unit, nodes may report.")
        @Min(1)
        Long maxCostMicros,
    @JsonPropertyDescription("Most node attempts (first runs and retries) the execution may start.")
        @Min(1)
        Integer maxNodeAttempts) {}
