package dev.terminus.operator.sinks;

import java.time.Instant;

/**
 * One phase change, as both stores keep it: a row of {@code execution_transitions} and a Redis
 * event.
 *
 * <p>Its identity is (execution uid, resourceVersion of the status write that holds it, index in
 * that write's transition list). Both parts come from the written resource, not from a counter kept
 * by the sink: a status write happens once, with a resourceVersion no other write of that execution
 * has, and its transition list is computed once, so the same transition always gets the same key
 * however often it is re-sent (an outbox retry, a replay), and an insert-or-ignore stores it
 * exactly once. Ordering by (resourceVersion as a number, index) gives the order in which the
 * transitions happened.
 *
 * @param node the node, or null for the execution itself
 * @param from the phase before, or null when new
 * @param at when the sink was told (the status write's time), not when a store took it
 */
public record TransitionRow(
    String uid,
    String namespace,
    String name,
    String resourceVersion,
    Long resourceVersionNum,
    int index,
    String node,
    String from,
    String to,
    String reason,
    String message,
    Instant at) {

  /** The transition's key as one string, e.g. {@code 1234-0}; sortable per part as numbers. */
  public String sequence() {
    return resourceVersion + "-" + index;
  }

  /** {@code execution} or {@code node}. */
  public String type() {
    return node == null ? "execution" : "node";
  }
}
