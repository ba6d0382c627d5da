package dev.terminus.operator.harness;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One thing the scheduler or the kubelet does to a Pod, {@code delay} after the previous step, and
 * what the Job controller then does about the Job.
 */
record Step(Duration delay, Transition transition, Effect effect) {

  /** The Pod status after the step, computed from the Pod before it. */
  @FunctionalInterface
  interface Transition {
    PodStatus apply(Pod pod, Instant now);
  }

  /** What the Job controller makes of the Pod after the step. */
  enum Effect {
    NONE,
    /** The container is running and ready: the Job counts a ready Pod. */
    READY,
    /** The Pod succeeded: the Job completes. */
    SUCCEEDED,
    /** The Pod failed: with backoffLimit 0 the Job fails with BackoffLimitExceeded. */
    FAILED
  }

  static Step of(Duration delay, Transition transition) {
    return new Step(delay, transition, Effect.NONE);
  }
}
