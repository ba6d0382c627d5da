package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One node of the DAG. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeSpec(
    @JsonPropertyDescription("Unique name of the node within the workflow (DNS-1123 label).")
        @Required
        @Pattern(Api.DNS_LABEL)
        @Size(min = 1, max = 63)
        String name,
    @JsonPropertyDescription(
            "job (default) runs a container; approval waits for a person; workflow runs a child"
                + " execution.")
        NodeType type,
    @JsonPropertyDescription(
            "Built-in component of the reference worker image: command, http or llm. Passed to"
                + " the container as TERMINUS_COMPONENT.")
        @Pattern("^(command|http|llm)$")
        String component,
    @JsonPropertyDescription(
            "Configuration of the component, passed to the container as TERMINUS_CONFIG (JSON).")
        @PreserveUnknownFields
        JsonNode config,
    @JsonPropertyDescription("Container image; defaults.image when unset.") @Size(max = 512)
        String image,
    @JsonPropertyDescription("Container entrypoint; the image's when unset.") @Size(max = 64)
        List<@Size(max = 4096) String> command,
    @JsonPropertyDescription("Container arguments.") @Size(max = 256)
        List<@Size(max = 4096) String> args,
    @JsonPropertyDescription(
            "Plain environment variables. Secrets are referenced through credentials, never"
                + " inlined.")
        @Size(max = 128)
        List<EnvVarSpec> env,
    @JsonPropertyDescription("Names of the nodes that must succeed before this node starts.")
        @Size(max = Api.MAX_NODES)
        List<@Pattern(Api.DNS_LABEL) String> dependsOn,
    @JsonPropertyDescription(
            "Deadline in seconds of each attempt (the Job's activeDeadlineSeconds); for a"
                + " workflow node, the child execution's deadline.")
        @Min(1)
        @Max(Api.MAX_DEADLINE_SECONDS)
        Long activeDeadlineSeconds,
    @JsonPropertyDescription(
            "When set, the node fails HeartbeatTimeout if its worker does not heartbeat within"
                + " this many seconds.")
        @Min(1)
        @Max(86400)
        Long heartbeatTimeoutSeconds,
    @JsonPropertyDescription(
            "How long the Pod may stay pending before the node fails PendingTooLong.")
        @Min(1)
        @Max(31536000)
        Long pendingTimeoutSeconds,
    @JsonPropertyDescription("Retry policy; defaults.retry when unset; no retry when neither.")
        RetryPolicy retry,
    @JsonPropertyDescription("A credential taken from a Secret and given to the container.")
        Credentials credentials,
    @JsonPropertyDescription("Compute resources of the container; defaults.resources when unset.")
        ComputeResources resources,
    @JsonPropertyDescription("Service account of the Pod; defaults.serviceAccountName when unset.")
        @Pattern(Api.DNS_SUBDOMAIN)
        @Size(max = 253)
        String serviceAccountName,
    @JsonPropertyDescription(
            "Mount the service-account token into the Pod. Off unless the node asks for it.")
        Boolean automountServiceAccountToken,
    @JsonPropertyDescription("For approval nodes: seconds to wait for a decision before expiry.")
        @Min(1)
        @Max(31536000)
        Long timeoutSeconds,
    @JsonPropertyDescription(
            "For workflow nodes: the Workflow the child execution runs. One of workflowRef and"
                + " workflow.")
        WorkflowRef workflowRef,
    @JsonPropertyDescription(
            "For workflow nodes: an inline workflow (the schema of Workflow.spec) the child"
                + " execution runs; validated when the child starts.")
        @PreserveUnknownFields
        JsonNode workflow,
    @JsonPropertyDescription(
            "For approval nodes: Fail (default) or Approve when nobody decides within"
                + " timeoutSeconds.")
        ApprovalTimeout onTimeout) {

  public NodeType typeOrDefault() {
    return type == null ? NodeType.JOB : type;
  }

  public List<String> dependsOnOrEmpty() {
    return dependsOn == null ? List.of() : dependsOn;
  }

  /** A copy with other dependencies; used by tests and fixtures. */
  public NodeSpec withDependsOn(List<String> deps) {
    return new NodeSpec(
        name,
        type,
        component,
        config,
        image,
        command,
        args,
        env,
        deps,
        activeDeadlineSeconds,
        heartbeatTimeoutSeconds,
        pendingTimeoutSeconds,
        retry,
        credentials,
        resources,
        serviceAccountName,
        automountServiceAccountToken,
        timeoutSeconds,
        workflowRef,
        workflow,
        onTimeout);
  }
}
