package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happens to a node whose attempt the API server refused to create (see {@link
 * CreateRefusal}). A permanent refusal fails the node {@link Reason#CreateRejected} with the API
 * server's message; it is not retried, since the same object would be refused again. A transient
 * one leaves the node Pending with the refusal's reason and message; the attempt is not counted (no
 * Job exists), and its create is tried again after a backoff that doubles from {@value
 * #FIRST_RETRY_SECONDS} s up to {@value #MAX_RETRY_SECONDS} s. The attempt's bounds run from its
 * first try: when the node's pendingTimeoutSeconds (or its deadline, if that comes first) passes
 * before a create succeeds, the node fails PendingTooLong (DeadlineExceeded, ChildDeadline) with
 * the last refusal in its message, not retried.
 */
final class CreateRetries {
  static final long FIRST_RETRY_SECONDS = 1;
  static final long MAX_RETRY_SECONDS = 30;

  private final EngineConfig config;
  private final NodeDefaults defaults;
  private final IllegalTransitions refusals;
  private final Map<String, CreateRefusal> refused;
  private final List<Detection> detections;

  CreateRetries(
      EngineConfig config,
      NodeDefaults defaults,
      IllegalTransitions refusals,
      Map<String, CreateRefusal> refused,
      List<Detection> detections) {
    this.config = config;
    this.defaults = defaults;
    this.refusals = refusals;
    this.refused = refused;
    this.detections = detections;
  }

  /** When the node's current attempt began: its first try if its create is being retried. */
  static Instant since(NodeDraft node, Instant now) {
    return CreateRefusal.retrying(node.reason) && node.startedAt != null ? node.startedAt : now;
  }

  /** The refusal of this reconcile's create of {@code job}, or null. */
  CreateRefusal refusalOf(String job) {
    return refused.get(job);
  }

  /**
   * Fails the node when its attempt's bound passed before its Job could be created.
   *
   * @return whether it did (the attempt must not be created then)
   */
  boolean expired(NodeDraft node, Instant since, Instant now) {
    Bound bound = bound(node, since);
    if (now.isBefore(bound.at())) {
      return false;
    }
    String message =
        what(node)
            + " not created within the node's "
            + bound.field()
            + " of "
            + bound.seconds()
            + "s; last refusal: "
            + node.message;
    detections.add(new Detection(bound.rule(), node.name(), message, bound.at()));
    if (node.moveTo(NodePhase.Failed, bound.reason(), bounded(message), refusals)) {
      node.finishedAt = now;
      node.nextAttemptAt = null;
    }
    return true;
  }

  /** Records a refusal of the create of the node's next attempt, {@code job}. */
  void refused(
      NodeDraft node,
      String job,
      CreateRefusal refusal,
      Instant since,
      Instant now,
      Wakeups wakeups) {
    String text = what(node) + " " + job;
    if (refusal.permanent()) {
      String message = text + " rejected by the API server (" + refusal.describe() + ")";
      if (node.moveTo(NodePhase.Failed, Reason.CreateRejected, bounded(message), refusals)) {
        node.startedAt = since;
        node.finishedAt = now;
        node.nextAttemptAt = null;
      }
      return;
    }
    Instant limit = bound(node, since).at();
    Duration waited = Duration.between(since, now);
    long seconds = Math.min(MAX_RETRY_SECONDS, Math.max(FIRST_RETRY_SECONDS, waited.toSeconds()));
    Instant retryAt = now.plusSeconds(seconds);
    node.reason = refusal.reason();
    node.message =
        bounded(
            text
                + " not created ("
                + refusal.describe()
                + "); retrying until "
                + Texts.time(limit));
    node.startedAt = since;
    node.nextAttemptAt = retryAt.isBefore(limit) ? retryAt : limit;
    wakeups.at(node.nextAttemptAt);
  }

  private record Bound(Instant at, String field, long seconds, Reason reason, WatchdogRule rule) {}

  private Bound bound(NodeDraft node, Instant since) {
    Duration pending = NodeBounds.pendingTimeout(node.spec, defaults, config);
    Bound bound =
        new Bound(
            since.plus(pending),
            "pendingTimeoutSeconds",
            pending.toSeconds(),
            Reason.PendingTooLong,
            WatchdogRule.PendingTooLong);
    Long deadline = NodeBounds.deadlineSeconds(node.spec, defaults);
    if (deadline != null && since.plusSeconds(deadline).isBefore(bound.at())) {
      boolean child = node.spec.typeOrDefault() == NodeType.WORKFLOW;
      bound =
          new Bound(
              since.plusSeconds(deadline),
              "activeDeadlineSeconds",
              deadline,
              child ? Reason.ChildDeadline : Reason.DeadlineExceeded,
              child ? WatchdogRule.ChildDeadline : WatchdogRule.NodeDeadline);
    }
    return bound;
  }

  private static String what(NodeDraft node) {
    return node.spec.typeOrDefault() == NodeType.WORKFLOW ? "child execution" : "Job";
  }

  private String bounded(String s) {
    return Texts.bounded(s, config.messageChars());
  }
}
