package dev.terminus.crd.v1alpha1;

/**
 * Why a node attempt failed, as classified from the Job and Pod. The values a retry policy may name
 * in {@code retry.on}.
 */
public enum FailureReason {
  /** The Job's activeDeadlineSeconds passed (or the watchdog backstop fired). */
  DeadlineExceeded,
  /** The container exited non-zero, or wrote a failed result. */
  Error,
  /** The container was killed by the OOM killer. */
  OOMKilled,
  /** The Pod was evicted or disrupted (node pressure, drain, taint). */
  Evicted,
  /** The image could not be pulled or its name is invalid. */
  ImagePullFailed,
  /** The container could not be configured: a missing Secret, key or ConfigMap. */
  ConfigError,
  /** No node can run the Pod. */
  Unschedulable,
  /** The Job or its Pod vanished without a terminal state. */
  Lost,
  /** The worker stopped heartbeating. */
  HeartbeatTimeout,
  /** The Pod stayed pending longer than pendingTimeoutSeconds. */
  PendingTooLong,
  /** The Job failed for a reason its Pod does not explain (e.g. BackoffLimitExceeded). */
  JobFailed,
  /** A workflow node's child execution failed or was cancelled. */
  ChildFailed,
  /** A workflow node's child execution ran past the node's deadline; the child is cancelled. */
  ChildDeadline
}
