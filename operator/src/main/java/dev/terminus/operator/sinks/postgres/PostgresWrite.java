package dev.terminus.operator.sinks.postgres;

import dev.terminus.operator.sinks.AttemptRow;
import dev.terminus.operator.sinks.ProjectedWrite;
import dev.terminus.operator.sinks.TransitionRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A write waiting in the PostgreSQL outbox. {@link #settled()} completes once it is done. */
sealed interface PostgresWrite {
  ProjectedWrite write();

  CompletableFuture<Void> settled();

  default String uid() {
    return write().uid();
  }

  /**
   * The execution's row, its attempts and new transitions, as status writes left them. While it
   * waits in the outbox, newer writes of the same execution are merged into it (under the outbox's
   * lock), so that the outbox holds one per execution however many writes an outage delays; once
   * the drainer has taken it, it no longer changes.
   */
  final class Upsert implements PostgresWrite {
    private volatile ProjectedWrite write;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    Upsert(ProjectedWrite write) {
      this.write = write;
    }

    @Override
    public ProjectedWrite write() {
      return write;
    }

    @Override
    public CompletableFuture<Void> settled() {
      return settled;
    }

    /**
     * Takes in a write of the same execution that arrived later: the row of the newer
     * resourceVersion (what the forward-only upsert would keep), every transition (each keeps its
     * own key) and every attempt (its version from the newer write, and the ones a capped attempt
     * history no longer lists).
     */
    void absorbNewer(Upsert newer) {
      ProjectedWrite queued = write;
      ProjectedWrite arrived = newer.write;
      boolean arrivedIsNewer = !isOlder(arrived, queued);
      ProjectedWrite latest = arrivedIsNewer ? arrived : queued;
      ProjectedWrite earliest = arrivedIsNewer ? queued : arrived;
      Map<String, AttemptRow> attempts = new LinkedHashMap<>();
      earliest.attempts().forEach(a -> attempts.put(a.node() + "#" + a.attempt(), a));
      latest.attempts().forEach(a -> attempts.put(a.node() + "#" + a.attempt(), a));
      List<TransitionRow> transitions = new ArrayList<>(queued.transitions());
      transitions.addAll(arrived.transitions());
      write =
          new ProjectedWrite(
              latest.execution(), List.copyOf(attempts.values()), List.copyOf(transitions));
      // Whoever waits for the newer write is done when this one is.
      settled.whenComplete((ok, e) -> newer.settled.complete(null));
    }

    /** A replay may bring an older write after a newer one; versions that are not numbers can't. */
    private static boolean isOlder(ProjectedWrite a, ProjectedWrite b) {
      Long av = a.execution().resourceVersionNum();
      Long bv = b.execution().resourceVersionNum();
      return av != null && bv != null && av < bv;
    }
  }

  /** The resource is deleted: its last state is written and the row marked, history kept. */
  record MarkDeleted(ProjectedWrite write, Instant at, CompletableFuture<Void> settled)
      implements PostgresWrite {}
}
