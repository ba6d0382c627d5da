package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of one node; derived on every reconcile from its Jobs and Pods. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeStatus(
    @JsonPropertyDescription("Node name.") String name,
    @JsonPropertyDescription("Phase of the node.") NodePhase phase,
    @JsonPropertyDescription(
            "Typed reason of the phase. While the API server refuses to create the node's Job or"
                + " child execution, the node stays Pending with QuotaExceeded (a full"
                + " ResourceQuota), CreateForbidden (401/403, RBAC) or ApiUnavailable (no answer,"
                + " 5xx, 429) and the create is retried with a backoff of 1 s doubling to 30 s"
                + " within its pendingTimeoutSeconds and deadline; a permanent refusal (422"
                + " Invalid, 400 BadRequest, another 4xx) fails it CreateRejected, with the API"
                + " server's message, not retried.")
        Reason reason,
    @JsonPropertyDescription("What happened, for people. Bounded in length.") String message,
    @JsonPropertyDescription(
            "Type of the error the node's worker reported in its result when the attempt failed"
                + " (for example ModelNotFound, Unauthorized, RateLimited, MissingCredential,"
                + " InputUnavailable; see the worker protocol), so that tools need not parse the"
                + " message. Absent when the worker reported none.")
        String errorType,
    @JsonPropertyDescription(
            "Attempts started so far: an attempt counts once its Job (or child execution) was"
                + " created.")
        Integer attempts,
    @JsonPropertyDescription("Job of the current or last attempt.") String job,
    @JsonPropertyDescription("Pod of the current or last attempt.") String pod,
    @JsonPropertyDescription("Exit code of the last finished attempt.") Integer exitCode,
    @JsonPropertyDescription(
            "When the current attempt started (RFC 3339): its first create try, when the API"
                + " server refused creates before one succeeded.")
        String startedAt,
    @JsonPropertyDescription("When the current attempt's Pod was first seen running.")
        String runningAt,
    @JsonPropertyDescription("When the node reached its phase's end (RFC 3339).") String finishedAt,
    @JsonPropertyDescription(
            "Earliest time of the next attempt while in retry backoff, or of the next create try"
                + " while the API server refuses the create.")
        String nextAttemptAt,
    @JsonPropertyDescription(
            "Since when the attempt's Pod has been gone while its Job is still active (PodLost).")
        String podMissingSince,
    @JsonPropertyDescription(
            "Start of the output, bounded in length; outputTruncated tells whether it is all of it.")
        String outputPreview,
    @JsonPropertyDescription(
            "True when outputPreview is only the start of the output: the worker or the status cut"
                + " it.")
        Boolean outputTruncated,
    @JsonPropertyDescription(
            "Where the full output is kept when it exceeded the 4096-byte termination-message cap"
                + " (or the preview's bound):"
                + " redis://host:port/terminus:output:<execution uid>:<node>:<attempt>, never with"
                + " credentials. Downstream nodes get it in TERMINUS_INPUTS.")
        String outputRef,
    @JsonPropertyDescription("Usage reported by the node.") Usage usage,
    @JsonPropertyDescription("Earlier attempts, newest last, capped.")
        List<AttemptStatus> history) {

  public int attemptsOrZero() {
    return attempts == null ? 0 : attempts;
  }

  @JsonIgnore
  public boolean isTerminal() {
    return phase != null && phase.isTerminal();
  }

  /**
   * True when the status holds only the start of the output (see {@link #outputRef()}). Not named
   * isOutputTruncated: Jackson would take it for the property's getter.
   */
  public boolean partialOutput() {
    return Boolean.TRUE.equals(outputTruncated);
  }
}
