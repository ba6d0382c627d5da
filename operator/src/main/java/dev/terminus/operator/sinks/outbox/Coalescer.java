package dev.terminus.operator.sinks.outbox;

/**
 * Lets a queued write absorb a newer one of the same key instead of queuing both, so that an outbox
 * holds at most one such write per key (e.g. per execution) however long the outage.
 */
public interface Coalescer<T> {

  /** Never merges anything. */
  static <T> Coalescer<T> none() {
    return new Coalescer<>() {
      @Override
      public String key(T item) {
        return null;
      }

      @Override
      public boolean absorb(T queued, T newer) {
        return false;
      }
    };
  }

  /** The key under which items merge, or null for an item that never merges. */
  String key(T item);

  /**
   * Merges {@code newer} into {@code queued}, which is still waiting (called under the outbox's
   * lock, so the drainer cannot take it meanwhile).
   *
   * @return true when absorbed; false queues {@code newer} on its own
   */
  boolean absorb(T queued, T newer);
}
