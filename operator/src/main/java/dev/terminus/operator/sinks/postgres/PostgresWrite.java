package dev.terminus.operator.sinks.postgres;

import dev.terminus.operator.sinks.ProjectedWrite;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A write waiting in the PostgreSQL outbox. {@link #settled()} completes once it is done. */
sealed interface PostgresWrite {
  ProjectedWrite write();

  CompletableFuture<Void> settled();

  default String uid() {
    return write().uid();
  }

  /** The execution's row, its attempts and new transitions, as a status write left them. */
  record Upsert(ProjectedWrite write, CompletableFuture<Void> settled) implements PostgresWrite {
    Upsert(ProjectedWrite write) {
      this(write, new CompletableFuture<>());
    }
  }

  /** The resource is deleted: its last state is written and the row marked, history kept. */
  record MarkDeleted(ProjectedWrite write, Instant at, CompletableFuture<Void> settled)
      implements PostgresWrite {}
}
