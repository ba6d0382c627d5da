package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Kubernetes-style condition (metav1.Condition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonPropertyDescription("Condition type: Running, Complete, Failed or Valid.") String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("Typed reason of the condition.") String reason,
    @JsonPropertyDescription("What the condition means now, for people.") String message,
    @JsonPropertyDescription("The metadata.generation the condition was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("When status last changed (RFC 3339); unchanged otherwise.")
        String lastTransitionTime) {

  @JsonIgnore
  public boolean isTrue() {
    return "True".equals(status);
  }
}
