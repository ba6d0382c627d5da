package dev.terminus.operator.sinks.outbox;

import java.util.Deque;

/** What an {@link Outbox} gives up when it is full: each sink knows what it can afford to lose. */
@FunctionalInterface
public interface Overflow<T> {

  /**
   * Makes room in a queue that holds more than {@code capacity} items, oldest first.
   *
   * @return how many writes were lost (merging writes without losing data counts zero)
   */
  int shrink(Deque<T> queue, int capacity);
}
