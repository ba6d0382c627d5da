package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Defaults applied to every node of a workflow that does not set the field itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeDefaults(
    @JsonPropertyDescription("Container image of nodes that name none.") @Size(max = 512)
        String image,
    @JsonPropertyDescription(
            "Deadline in seconds of each node attempt, enforced by the Job (activeDeadlineSeconds).")
        @Min(1)
        @Max(Api.MAX_DEADLINE_SECONDS)
        Long activeDeadlineSeconds,
    @JsonPropertyDescription(
            "How long a node's Pod may stay pending (unscheduled, pulling) before the node fails"
                + " PendingTooLong.")
        @Min(1)
        @Max(31536000)
        Long pendingTimeoutSeconds,
    @JsonPropertyDescription("Retry policy of nodes that set none.") RetryPolicy retry,
    @JsonPropertyDescription("Compute resources of node containers that set none.")
        ComputeResources resources,
    @JsonPropertyDescription("Service account node Pods run as, unless the node names one.")
        @Pattern(Api.DNS_SUBDOMAIN)
        @Size(max = 253)
        String serviceAccountName) {

  public static final NodeDefaults EMPTY = new NodeDefaults(null, null, null, null, null, null);
}
