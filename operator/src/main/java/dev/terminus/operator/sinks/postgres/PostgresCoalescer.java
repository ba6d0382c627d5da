package dev.terminus.operator.sinks.postgres;

import dev.terminus.operator.sinks.outbox.Coalescer;

/**
 * One pending upsert per execution: a status write of an execution whose previous write still waits
 * is merged into it. This bounds the outbox by the number of executions (whose statuses the
 * operator holds in its cache anyway), not by the number of writes an outage delays. Deletion marks
 * never merge: they stay after the writes queued before them.
 */
final class PostgresCoalescer implements Coalescer<PostgresWrite> {

  @Override
  public String key(PostgresWrite item) {
    return item instanceof PostgresWrite.Upsert ? item.uid() : null;
  }

  @Override
  public boolean absorb(PostgresWrite queued, PostgresWrite newer) {
    if (queued instanceof PostgresWrite.Upsert q && newer instanceof PostgresWrite.Upsert n) {
      q.absorbNewer(n);
      return true;
    }
    return false;
  }
}
