package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One finished attempt of a node, kept in a capped history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptStatus(
    @JsonPropertyDescription("Attempt number, from 1.") Integer attempt,
    @JsonPropertyDescription("Job of the attempt.") String job,
    @JsonPropertyDescription("Pod of the attempt, when one was seen.") String pod,
    @JsonPropertyDescription("How the attempt ended.") NodePhase phase,
    @JsonPropertyDescription("Typed reason of the end.") Reason reason,
    @JsonPropertyDescription("Exit code of the container, when it ran.") Integer exitCode,
    @JsonPropertyDescription("When the attempt started (RFC 3339).") String startedAt,
    @JsonPropertyDescription("When the attempt ended (RFC 3339).") String finishedAt) {}
