package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A plain environment variable of a node container. */
public record EnvVarSpec(
    @JsonPropertyDescription("Variable name.")
        @Required
        @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
        @Size(max = 256)
        String name,
    @JsonPropertyDescription("Variable value.") @Size(max = 32768) String value) {}
