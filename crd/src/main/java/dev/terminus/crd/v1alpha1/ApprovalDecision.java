package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A person's (or a system's) decision on an approval node, set declaratively under
 * spec.approvals.&lt;node&gt; so that kubectl patch and GitOps both work.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalDecision(
    @JsonPropertyDescription("Approved or Rejected.") @Required Verdict decision,
    @JsonPropertyDescription("Who or what decided, recorded in the node status.") @Size(max = 253)
        String by,
    @JsonPropertyDescription("Why, recorded in the node status.") @Size(max = 1024)
        String message) {

  /** The two decisions. */
  public enum Verdict {
    Approved,
    Rejected
  }
}
