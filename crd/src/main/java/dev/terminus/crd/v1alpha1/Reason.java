package dev.terminus.crd.v1alpha1;

/**
 * Typed reason of an execution or node status. Reasons are the machine-readable part of a status
 * (messages are for people); nothing in Terminus parses a message.
 */
public enum Reason {
  // Execution and node outcomes
  Succeeded,
  DeadlineExceeded,
  NodeFailed,
  BudgetExceeded,
  Cancelled,
  InvalidSpec,
  WorkflowNotFound,
  // Node outcomes classified from Job and Pod
  Error,
  OOMKilled,
  Evicted,
  ImagePullFailed,
  ConfigError,
  Unschedulable,
  Lost,
  HeartbeatTimeout,
  PendingTooLong,
  JobFailed,
  // Node states that are not failures
  DependencyFailed,
  WaitingForDependencies,
  RetryBackoff,
  Suspended,
  ContainerCreating,
  Started,
  WaitingForApproval,
  Approved,
  Rejected,
  ApprovalExpired,
  ChildDeadline,
  ChildFailed,
  // A node's Job or child execution the API server refused to create
  /** Refused for good (422 Invalid, 400 BadRequest, another 4xx a retry would repeat): Failed. */
  CreateRejected,
  /**
   * Refused by a ResourceQuota (403, exceeded quota): Pending, retried within the node's bounds.
   */
  QuotaExceeded,
  /** Refused with 401 or 403 other than a quota (RBAC): Pending, retried within its bounds. */
  CreateForbidden,
  /** No answer, 5xx, 429 or 408: Pending, retried within the node's bounds. */
  ApiUnavailable,
  // Operator-side problems reported instead of thrown
  InternalError;

  /** The status reason of a classified failure. */
  public static Reason of(FailureReason failure) {
    return Reason.valueOf(failure.name());
  }
}
