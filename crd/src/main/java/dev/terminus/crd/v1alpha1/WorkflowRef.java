package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to a Workflow in the same namespace. */
public record WorkflowRef(
    @JsonPropertyDescription("Name of the Workflow.")
        @Required
        @Pattern(Api.DNS_SUBDOMAIN)
        @Size(max = 253)
        String name) {}
