package dev.terminus.operator.engine;

/**
 * The named rules that end a wait that would otherwise have no bound. Each detection is reported as
 * a Kubernetes Event whose reason is the rule's name and counted under the rule's metric label.
 */
public enum WatchdogRule {
  /** A node's current Job no longer exists (deleted before it finished). */
  JobLost,
  /** A node's Job is active but the Pod it had vanished and none replaced it in time. */
  PodLost,
  /**
   * A node's Pod stayed pending (unschedulable, pulling) longer than its bound, or its Job could
   * not be created within it.
   */
  PendingTooLong,
  /** A node that declares heartbeats has not heartbeated within its timeout. */
  HeartbeatStale,
  /** A Job still active past its deadline plus grace: the Job controller missed it. */
  NodeDeadline,
  /** The execution's activeDeadlineSeconds passed. */
  ExecutionDeadline,
  /** An active Job that belongs to no live attempt: deleted. */
  OrphanJob,
  /** Nobody decided on an approval node within its timeoutSeconds. */
  ApprovalExpired,
  /** A child execution ran past its workflow node's deadline: cancelled. */
  ChildDeadline
}
