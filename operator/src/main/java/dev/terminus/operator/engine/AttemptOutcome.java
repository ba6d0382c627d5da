package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.FailureReason;
import java.time.Instant;

/**
 * What the cluster shows for one node attempt, classified from its Job and Pod by {@link
 * OutcomeClassifier}. A pure value: the engine decides phases from it.
 *
 * @param kind where the attempt is
 * @param failure why it failed (kind FAILED), or why it is stuck pending (kind PENDING, may be null
 *     when it is just starting): Unschedulable, ImagePullFailed, ConfigError
 * @param exitCode exit code of the main container, when it terminated
 * @param message what happened, for people (bounded; never a stack trace)
 * @param podName the Pod of the attempt, when one exists
 * @param terminationMessage the raw termination message of the main container (the worker's JSON
 *     result, or the log tail with FallbackToLogsOnError), bounded to 4096 bytes
 * @param podStartedAt when the container started running, when known
 * @param finishedAt when the attempt ended, when known
 */
public record AttemptOutcome(
    Kind kind,
    FailureReason failure,
    Integer exitCode,
    String message,
    String podName,
    String terminationMessage,
    Instant podStartedAt,
    Instant finishedAt) {

  public enum Kind {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /**
   * Whether the Job may still be running a container or about to: pending or running, and also the
   * fail-fast failures seen while the Pod is still waiting (an image that cannot be pulled, a
   * missing Secret), where the Job itself has not ended and must be deleted.
   */
  public boolean jobStillActive() {
    return kind == Kind.PENDING
        || kind == Kind.RUNNING
        || (kind == Kind.FAILED
            && (failure == FailureReason.ImagePullFailed || failure == FailureReason.ConfigError));
  }

  public static AttemptOutcome lost(String message) {
    return new AttemptOutcome(
        Kind.FAILED, FailureReason.Lost, null, message, null, null, null, null);
  }
}
