package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.time.Instant;
import java.util.List;

/**
 * Job statuses as the Job controller (1.31+) writes them for a Job of one Pod: pure functions from
 * the status before to the status after.
 *
 * <p>Like the real API, the counters {@code active}, {@code succeeded} and {@code failed} are
 * omitted when zero (they are {@code omitempty} ints in Go), while {@code ready} and {@code
 * terminating} are written as 0. A Job ends in two writes: first the interim condition ({@code
 * SuccessCriteriaMet} or {@code FailureTarget}), then the terminal one ({@code Complete} or {@code
 * Failed}), so readers see the in-between state a real cluster shows.
 */
public final class JobStatuses {

  /** Why a Job failed, with the reason and message the real controller uses. */
  public enum Failure {
    BACKOFF_LIMIT_EXCEEDED("BackoffLimitExceeded", "Job has reached the specified backoff limit"),
    DEADLINE_EXCEEDED("DeadlineExceeded", "Job was active longer than specified deadline");

    final String reason;
    final String message;

    Failure(String reason, String message) {
      this.reason = reason;
      this.message = message;
    }
  }

  public static final String COMPLETIONS_REACHED = "CompletionsReached";
  public static final String COMPLETIONS_MESSAGE = "Reached expected number of succeeded pods";

  private JobStatuses() {}

  /** The controller created the Job's Pod. */
  public static JobStatus started(Instant now) {
    return new JobStatusBuilder()
        .withStartTime(Times.format(now))
        .withActive(1)
        .withReady(0)
        .withTerminating(0)
        .withUncountedTerminatedPods(new UncountedTerminatedPods())
        .build();
  }

  public static JobStatus ready(JobStatus status, Instant now) {
    return builder(status, now).withReady(1).build();
  }

  public static JobStatus successCriteriaMet(JobStatus status, Instant now) {
    return ended(status, now)
        .withSucceeded(1)
        .addToConditions(
            condition("SuccessCriteriaMet", COMPLETIONS_REACHED, COMPLETIONS_MESSAGE, now))
        .build();
  }

  public static JobStatus complete(JobStatus status, Instant now) {
    return builder(status, now)
        .withCompletionTime(Times.format(now))
        .addToConditions(condition("Complete", COMPLETIONS_REACHED, COMPLETIONS_MESSAGE, now))
        .build();
  }

  /**
   * The controller decided the Job fails. With {@code podTerminating} its Pod is still being
   * deleted (deadline), otherwise the Pod already failed and is counted.
   */
  public static JobStatus failureTarget(
      JobStatus status, Failure failure, boolean podTerminating, Instant now) {
    JobStatusBuilder next = ended(status, now).withTerminating(podTerminating ? 1 : 0);
    if (!podTerminating) {
      next.withFailed(1);
    }
    return next.addToConditions(condition("FailureTarget", failure.reason, failure.message, now))
        .build();
  }

  public static JobStatus failed(JobStatus status, Failure failure, Instant now) {
    return ended(status, now)
        .withFailed(1)
        .withTerminating(0)
        .addToConditions(condition("Failed", failure.reason, failure.message, now))
        .build();
  }

  /** Complete or Failed: the Job controller no longer acts on the Job. */
  public static boolean isFinished(Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null ? null : job.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  public static boolean hasStarted(Job job) {
    return job.getStatus() != null && job.getStatus().getStartTime() != null;
  }

  /** The Pod is no longer active or ready. */
  private static JobStatusBuilder ended(JobStatus status, Instant now) {
    return builder(status, now).withActive(null).withReady(0);
  }

  /** A copy of the status; a Job nobody started yet (manual control) gets a startTime now. */
  private static JobStatusBuilder builder(JobStatus status, Instant now) {
    return new JobStatusBuilder(status == null ? started(now) : status);
  }

  private static JobCondition condition(String type, String reason, String message, Instant now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(Times.format(now))
        .withLastTransitionTime(Times.format(now))
        .build();
  }
}
