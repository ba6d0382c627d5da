package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a node is: a container Job, a person's approval, or a child execution. */
public enum NodeType {
  @JsonProperty("job")
  JOB,
  @JsonProperty("approval")
  APPROVAL,
  @JsonProperty("workflow")
  WORKFLOW
}
