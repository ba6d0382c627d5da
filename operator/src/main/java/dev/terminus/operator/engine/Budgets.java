package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.Budget;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.Usage;
import java.util.Collection;

/**
 * spec.budget: tokens, cost and node attempts. A node that reports usage crossing a limit stops the
 * execution; a node that would start when a limit is reached stops it instead of starting.
 */
final class Budgets {
  private Budgets() {}

  /** Node attempts the budget still allows; Integer.MAX_VALUE without a limit. */
  static int attemptsLeft(Budget budget, Collection<NodeDraft> nodes) {
    if (budget == null || budget.maxNodeAttempts() == null) {
      return Integer.MAX_VALUE;
    }
    return Math.max(0, budget.maxNodeAttempts() - attempts(nodes));
  }

  /**
   * The stop the budget imposes now, or null.
   *
   * @param readyToStart nodes that would start now but for the budget
   */
  static Stop check(Budget budget, Collection<NodeDraft> nodes, long readyToStart) {
    if (budget == null) {
      return null;
    }
    Usage used = usage(nodes);
    long tokens = used.tokens() == null ? 0 : used.tokens();
    long cost = used.costMicros() == null ? 0 : used.costMicros();
    if (crossed(budget.maxTokens(), tokens, readyToStart)) {
      return Stop.budget(
          "maxTokens " + budget.maxTokens() + " exceeded: " + tokens + " tokens used");
    }
    if (crossed(budget.maxCostMicros(), cost, readyToStart)) {
      return Stop.budget(
          "maxCostMicros " + budget.maxCostMicros() + " exceeded: " + cost + " cost micros used");
    }
    int attempts = attempts(nodes);
    if (budget.maxNodeAttempts() != null
        && readyToStart > 0
        && attempts >= budget.maxNodeAttempts()) {
      return Stop.budget(
          "maxNodeAttempts "
              + budget.maxNodeAttempts()
              + " reached: "
              + attempts
              + " attempts started and "
              + readyToStart
              + " more would start");
    }
    return null;
  }

  /** Over the limit, or at it with more work waiting to use it. */
  private static boolean crossed(Long limit, long used, long readyToStart) {
    return limit != null && (used > limit || (used >= limit && readyToStart > 0));
  }

  private static int attempts(Collection<NodeDraft> nodes) {
    return nodes.stream()
        .filter(n -> n.spec.typeOrDefault() != NodeType.APPROVAL)
        .mapToInt(n -> n.attempts)
        .sum();
  }

  private static Usage usage(Collection<NodeDraft> nodes) {
    Usage total = Usage.ZERO;
    for (NodeDraft n : nodes) {
      total = total.plus(n.usage);
    }
    return total;
  }
}
