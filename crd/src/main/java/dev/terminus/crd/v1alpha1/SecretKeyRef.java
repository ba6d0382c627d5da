package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the execution's namespace. */
public record SecretKeyRef(
    @JsonPropertyDescription("Name of the Secret.")
        @Required
        @Pattern(Api.DNS_SUBDOMAIN)
        @Size(max = 253)
        String name,
    @JsonPropertyDescription("Key within the Secret.")
        @Required
        @Pattern("^[-._a-zA-Z0-9]+$")
        @Size(max = 253)
        String key) {}
