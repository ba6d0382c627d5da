package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Requests and limits of a node container, as in a Pod's resources. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComputeResources(
    @JsonPropertyDescription("Minimum resources, e.g. cpu: 100m, memory: 128Mi.")
        Map<String, Quantity> requests,
    @JsonPropertyDescription("Maximum resources, e.g. memory: 512Mi.")
        Map<String, Quantity> limits) {}
