package dev.terminus.operator.sinks.postgres;

import dev.terminus.operator.sinks.outbox.Overflow;
import java.util.Deque;
import java.util.Iterator;

/**
 * The PostgreSQL outbox holds one upsert per execution ({@link PostgresCoalescer}), so it fills up
 * only when more executions than its capacity wait for the database. Then the oldest upserts are
 * given up whole: their transitions are lost; the execution's row and attempts catch up at its next
 * status write, and before a ttlSecondsAfterFinished deletion (hasFinalState re-projects it).
 * Deletion marks are never given up.
 */
final class PostgresOverflow implements Overflow<PostgresWrite> {

  @Override
  public int shrink(Deque<PostgresWrite> queue, int capacity) {
    int lost = 0;
    for (Iterator<PostgresWrite> it = queue.iterator(); it.hasNext() && queue.size() > capacity; ) {
      PostgresWrite w = it.next();
      if (w instanceof PostgresWrite.Upsert) {
        it.remove();
        w.settled().complete(null);
        lost++;
      }
    }
    return lost;
  }
}
