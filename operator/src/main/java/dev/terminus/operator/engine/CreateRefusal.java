package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.Reason;
import java.util.Locale;
import java.util.Set;

/**
 * The API server's answer to a create of a node's Job or child execution that it refused with
 * anything but 409 (a 409 means the object exists: it is adopted). Permanent refusals end the node
 * {@link Reason#CreateRejected}: a retry would send the same object and get the same answer.
 * Transient ones leave it Pending and are retried with a bounded backoff, within the node's
 * pendingTimeout and deadline: a full ResourceQuota ({@link Reason#QuotaExceeded}) frees up when
 * other Jobs end, RBAC ({@link Reason#CreateForbidden}) when an administrator fixes it, and an API
 * server that does not answer ({@link Reason#ApiUnavailable}) when it is back.
 *
 * @param reason the node's reason: CreateRejected, QuotaExceeded, CreateForbidden or ApiUnavailable
 * @param code the HTTP status code, 0 when no response came
 * @param message the API server's message (or the client's error), for people
 */
public record CreateRefusal(Reason reason, int code, String message) {

  /** The reasons of a node whose current attempt could not be created yet and is retried. */
  static final Set<Reason> RETRIED =
      Set.of(Reason.QuotaExceeded, Reason.CreateForbidden, Reason.ApiUnavailable);

  /**
   * Classifies a refused create.
   *
   * @param code the HTTP status code, 0 (or less) when no response came
   * @param statusReason the {@code reason} of the Kubernetes Status in the response, or null
   * @param message the Status' message, or the client's error
   */
  public static CreateRefusal of(int code, String statusReason, String message) {
    String text = message == null || message.isBlank() ? String.valueOf(statusReason) : message;
    return new CreateRefusal(classify(code, text), code, text);
  }

  private static Reason classify(int code, String message) {
    if (code == 403 && message.toLowerCase(Locale.ROOT).contains("exceeded quota")) {
      return Reason.QuotaExceeded;
    }
    if (code == 401 || code == 403) {
      return Reason.CreateForbidden;
    }
    if (code == 408 || code == 429 || code <= 0 || code >= 500) {
      return Reason.ApiUnavailable;
    }
    // 400 BadRequest, 404, 405, 413, 415, 422 Invalid, ...: the same object is refused again.
    return code >= 400 ? Reason.CreateRejected : Reason.ApiUnavailable;
  }

  /** Whether the node fails now instead of retrying the create. */
  public boolean permanent() {
    return reason == Reason.CreateRejected;
  }

  /** Whether a node with this reason is waiting to retry the create of its current attempt. */
  static boolean retrying(Reason reason) {
    return reason != null && RETRIED.contains(reason);
  }

  /** What the API server said, with its code: {@code HTTP 422: Job.batch "x" is invalid: ...}. */
  public String describe() {
    return (code > 0 ? "HTTP " + code : "no response") + ": " + message;
  }
}
