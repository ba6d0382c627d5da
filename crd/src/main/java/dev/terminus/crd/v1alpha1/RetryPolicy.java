package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How a failed node attempt is retried. Terminus owns retries: Jobs have backoffLimit 0. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(
    @JsonPropertyDescription("Retries after the first attempt; 0 means no retry.") @Min(0) @Max(100)
        Integer limit,
    @JsonPropertyDescription("Seconds to wait before the first retry. Default 10.")
        @Min(0)
        @Max(86400)
        Long backoffSeconds,
    @JsonPropertyDescription("Multiplier of the wait for each further retry. Default 2.")
        @Min(1)
        @Max(10)
        Double factor,
    @JsonPropertyDescription("Cap of the wait between retries in seconds. Default 300.")
        @Min(0)
        @Max(86400)
        Long maxBackoffSeconds,
    @JsonPropertyDescription(
            "Failure reasons that are retried (named retryOn, not on: YAML 1.1 reads a bare on as true). Default: Error, JobFailed, DeadlineExceeded, Lost, OOMKilled,"
                + " Evicted, HeartbeatTimeout.")
        @Size(max = 16)
        List<FailureReason> retryOn) {}
