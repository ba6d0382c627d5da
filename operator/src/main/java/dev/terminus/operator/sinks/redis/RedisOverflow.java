package dev.terminus.operator.sinks.redis;

import dev.terminus.operator.sinks.outbox.Overflow;
import java.util.Deque;
import java.util.Iterator;

/**
 * When the Redis outbox is full, the oldest event writes are given up: live events serve whoever
 * watches now, and the history of every transition is PostgreSQL's. Key deletions are never given
 * up, so an execution's keys are removed however long the outage.
 */
final class RedisOverflow implements Overflow<RedisWrite> {

  @Override
  public int shrink(Deque<RedisWrite> queue, int capacity) {
    int lost = 0;
    for (Iterator<RedisWrite> it = queue.iterator(); it.hasNext() && queue.size() > capacity; ) {
      if (it.next() instanceof RedisWrite.Publish) {
        it.remove();
        lost++;
      }
    }
    return lost;
  }
}
