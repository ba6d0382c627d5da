package dev.terminus.operator.sinks.outbox;

import java.util.List;

/** The store an {@link Outbox} drains into. Called from the outbox's one thread only. */
public interface OutboxStore<T> {

  /**
   * Writes the items, in order. Must be idempotent: after a failure the same items are sent again.
   */
  void apply(List<T> items) throws Exception;

  /**
   * True when the failure is the store's (down, unreachable, overloaded) and a retry can succeed;
   * false when the items themselves are refused, so retrying them would block the rest forever.
   */
  boolean isTransient(Exception failure);

  /** The failure in one short line for the log (no statement text, no values). */
  default String describe(Exception failure) {
    return failure.toString();
  }
}
