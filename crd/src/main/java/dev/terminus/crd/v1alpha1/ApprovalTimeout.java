package dev.terminus.crd.v1alpha1;

/** What an approval node does when nobody decides within timeoutSeconds. */
public enum ApprovalTimeout {
  /** The node fails with reason ApprovalExpired (the default). */
  Fail,
  /** The node succeeds as if approved, recorded with reason ApprovalExpired. */
  Approve
}
