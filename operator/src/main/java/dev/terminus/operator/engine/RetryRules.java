package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.RetryPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether and when a failed node attempt is retried. Terminus owns retries (Jobs run with
 * backoffLimit 0), so these rules are the only ones. A null policy means no retry.
 */
public final class RetryRules {

  /** Seconds before the first retry when the policy sets none. */
  static final long DEFAULT_BACKOFF_SECONDS = 10;

  /** Growth of the wait per retry when the policy sets none. */
  static final double DEFAULT_FACTOR = 2;

  /** Cap of the wait when the policy sets none. */
  static final long DEFAULT_MAX_BACKOFF_SECONDS = 300;

  /**
   * Failures retried when the policy names none: those another attempt may well not repeat.
   * ImagePullFailed, ConfigError, Unschedulable, PendingTooLong and JobFailed are left out: they
   * need a person to change something, so retrying would only delay the failure.
   */
  public static final Set<FailureReason> DEFAULT_RETRY_ON =
      Set.copyOf(
          EnumSet.of(
              FailureReason.Error,
              // BackoffLimitExceeded whose Pod details were not seen (yet): a Pod failure.
              FailureReason.JobFailed,
              FailureReason.DeadlineExceeded,
              FailureReason.Lost,
              FailureReason.OOMKilled,
              FailureReason.Evicted,
              FailureReason.HeartbeatTimeout));

  private RetryRules() {}

  /**
   * Whether a node whose latest attempt failed with {@code reason} gets another attempt.
   *
   * @param attemptsStarted attempts started so far, the failed one included (1 after the first)
   * @return true while retries remain ({@code attemptsStarted <= limit}: the limit counts retries
   *     after the first attempt, and an unset limit means none) and the policy retries the reason
   */
  public static boolean retries(RetryPolicy policy, FailureReason reason, int attemptsStarted) {
    if (policy == null || reason == null) {
      return false;
    }
    int limit = policy.limit() == null ? 0 : policy.limit();
    return attemptsStarted <= limit && retryOn(policy).contains(reason);
  }

  /**
   * The reasons a policy retries: its own list, or {@link #DEFAULT_RETRY_ON} when it names none (an
   * empty list counts as none; limit 0 is how to say "no retry").
   */
  public static Set<FailureReason> retryOn(RetryPolicy policy) {
    List<FailureReason> named = policy == null ? null : policy.retryOn();
    if (named == null || named.isEmpty()) {
      return DEFAULT_RETRY_ON;
    }
    EnumSet<FailureReason> reasons = EnumSet.noneOf(FailureReason.class);
    named.stream().filter(r -> r != null).forEach(reasons::add);
    return reasons;
  }

  /**
   * How long to wait before the next attempt: {@code min(maxBackoff, backoff × factor^(n−1))} for
   * {@code n = attemptsStarted}, with the defaults for unset fields (also for a null policy). Never
   * negative and never above the cap, however large {@code attemptsStarted} is; out-of-range values
   * a validator would reject are clamped rather than trusted.
   */
  public static Duration backoff(RetryPolicy policy, int attemptsStarted) {
    double base =
        nonNegative(policy == null ? null : policy.backoffSeconds(), DEFAULT_BACKOFF_SECONDS);
    double cap =
        nonNegative(
            policy == null ? null : policy.maxBackoffSeconds(), DEFAULT_MAX_BACKOFF_SECONDS);
    if (base == 0) {
      return Duration.ZERO; // no wait stays no wait, whatever the factor (0 × ∞ would be NaN)
    }
    // Compared before subtracting: Integer.MIN_VALUE - 1 would wrap around to a huge exponent.
    int exponent = attemptsStarted <= 1 ? 0 : attemptsStarted - 1;
    // In doubles an overflow becomes Infinity, which the comparison below sends to the cap.
    double seconds = base * Math.pow(factor(policy), exponent);
    if (!(seconds < cap)) {
      seconds = cap;
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** The node's own policy, else the workflow defaults', else none. */
  public static RetryPolicy effective(NodeSpec node, NodeDefaults defaults) {
    if (node != null && node.retry() != null) {
      return node.retry();
    }
    return defaults == null ? null : defaults.retry();
  }

  private static double nonNegative(Long value, long fallback) {
    return value == null ? fallback : Math.max(0, value);
  }

  /** At least 1, so the wait never shrinks from one retry to the next. */
  private static double factor(RetryPolicy policy) {
    Double factor = policy == null ? null : policy.factor();
    if (factor == null || factor.isNaN()) {
      return DEFAULT_FACTOR;
    }
    return Math.max(1, factor);
  }
}
