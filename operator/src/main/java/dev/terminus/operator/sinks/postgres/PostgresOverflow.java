package dev.terminus.operator.sinks.postgres;

import dev.terminus.operator.sinks.AttemptRow;
import dev.terminus.operator.sinks.ProjectedWrite;
import dev.terminus.operator.sinks.TransitionRow;
import dev.terminus.operator.sinks.outbox.Overflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the PostgreSQL outbox is full (a long outage), it first loses nothing: the pending writes of
 * each execution are merged into its newest one, which keeps the newest status (the row only moves
 * forward to it anyway), every transition (each keeps its own key), and every attempt (newest
 * version of each). Only if that is not enough, because more executions than the capacity are
 * waiting, the oldest status writes are given up whole: their transitions are lost; the execution's
 * row and attempts catch up at its next status write, and before a ttlSecondsAfterFinished deletion
 * (hasFinalState re-projects it). Deletion marks are never given up.
 */
final class PostgresOverflow implements Overflow<PostgresWrite> {

  @Override
  public int shrink(Deque<PostgresWrite> queue, int capacity) {
    mergePerExecution(queue);
    return dropOldestUpserts(queue, capacity);
  }

  private static void mergePerExecution(Deque<PostgresWrite> queue) {
    List<Object> newestFirst = new ArrayList<>(queue.size());
    Map<String, Merged> merged = new HashMap<>();
    for (Iterator<PostgresWrite> it = queue.descendingIterator(); it.hasNext(); ) {
      PostgresWrite w = it.next();
      if (w instanceof PostgresWrite.Upsert u) {
        Merged m = merged.get(u.uid());
        if (m == null) {
          m = new Merged(u);
          merged.put(u.uid(), m);
          newestFirst.add(m);
        } else {
          m.absorbOlder(u);
        }
      } else {
        newestFirst.add(w);
      }
    }
    Collections.reverse(newestFirst);
    queue.clear();
    for (Object slot : newestFirst) {
      queue.addLast(slot instanceof Merged m ? m.toUpsert() : (PostgresWrite) slot);
    }
  }

  private static int dropOldestUpserts(Deque<PostgresWrite> queue, int capacity) {
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

  /** The newest write of one execution, with what its older pending writes add. */
  private static final class Merged {
    private final PostgresWrite.Upsert newest;
    private final List<TransitionRow> transitions;
    private final Map<String, AttemptRow> attempts = new LinkedHashMap<>();
    private final List<PostgresWrite.Upsert> absorbed = new ArrayList<>();

    Merged(PostgresWrite.Upsert newest) {
      this.newest = newest;
      this.transitions = new ArrayList<>(newest.write().transitions());
      newest.write().attempts().forEach(a -> attempts.put(key(a), a));
    }

    void absorbOlder(PostgresWrite.Upsert older) {
      transitions.addAll(0, older.write().transitions());
      older.write().attempts().forEach(a -> attempts.putIfAbsent(key(a), a));
      absorbed.add(older);
    }

    PostgresWrite.Upsert toUpsert() {
      if (absorbed.isEmpty()) {
        return newest;
      }
      ProjectedWrite w = newest.write();
      PostgresWrite.Upsert merged =
          new PostgresWrite.Upsert(
              new ProjectedWrite(
                  w.execution(), List.copyOf(attempts.values()), List.copyOf(transitions)),
              newest.settled());
      // Whoever waits for an absorbed write is done when the merged one is.
      absorbed.forEach(a -> merged.settled().whenComplete((ok, e) -> a.settled().complete(null)));
      return merged;
    }

    private static String key(AttemptRow a) {
      return a.node() + "#" + a.attempt();
    }
  }
}
