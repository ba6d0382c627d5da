package dev.terminus.operator.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.operator.sinks.Projector;
import dev.terminus.operator.sinks.Runs;
import dev.terminus.operator.sinks.TransitionRow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL outbox keeps when writes pile up: merging first, giving up last. */
class PostgresOverflowTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:10Z");

  private static PostgresWrite.Upsert upsert(Runs.Write w) {
    return new PostgresWrite.Upsert(Projector.project(w.execution(), w.transitions(), AT));
  }

  @Test
  void aQueuedUpsertAbsorbsTheNewerWritesOfItsExecutionKeepingEveryTransitionAndAttempt() {
    List<Runs.Write> run = Runs.diamond("u1", "p", 10);
    PostgresCoalescer coalescer = new PostgresCoalescer();
    PostgresWrite.Upsert queued = upsert(run.get(0));
    List<PostgresWrite.Upsert> newer = run.subList(1, 4).stream().map(w -> upsert(w)).toList();

    newer.forEach(n -> assertThat(coalescer.absorb(queued, n)).isTrue());

    assertThat(coalescer.key(queued)).isEqualTo("u1");
    assertThat(queued.write().execution().resourceVersion()).isEqualTo("13");
    assertThat(queued.write().transitions())
        .extracting(TransitionRow::sequence)
        .containsExactly(
            "10-0", "10-1", "11-0", "11-1", "11-2", "12-0", "12-1", "12-2", "13-0", "13-1");
    assertThat(queued.write().attempts())
        .extracting(a -> a.node() + "#" + a.attempt() + "=" + a.phase())
        .containsExactlyInAnyOrder(
            "a#1=Succeeded", "b#1=Failed", "b#2=Succeeded", "c#1=Succeeded", "d#1=Succeeded");
    queued.settled().complete(null);
    assertThat(newer).allSatisfy(n -> assertThat(n.settled()).isDone());
  }

  @Test
  void anOlderWriteArrivingLateDoesNotReplaceTheNewerRowOrAttempts() {
    List<Runs.Write> run = Runs.diamond("u1", "p", 10);
    PostgresWrite.Upsert queued = upsert(run.get(3));

    new PostgresCoalescer().absorb(queued, upsert(run.get(2)));

    assertThat(queued.write().execution().resourceVersion()).isEqualTo("13");
    assertThat(queued.write().attempts())
        .extracting(a -> a.node() + "#" + a.attempt() + "=" + a.phase())
        .contains("d#1=Succeeded");
    assertThat(queued.write().transitions()).hasSize(2 + 3);
  }

  @Test
  void deletionMarksNeverMerge() {
    Runs.Write w = Runs.diamond("u1", "p", 10).get(0);
    var mark =
        new PostgresWrite.MarkDeleted(
            Projector.project(w.execution(), List.of(), AT), AT, new CompletableFuture<>());

    assertThat(new PostgresCoalescer().key(mark)).isNull();
  }

  @Test
  void givesUpTheOldestUpsertsWhenExecutionsOutnumberTheCapacityNeverADeletionMark() {
    Deque<PostgresWrite> queue = new ArrayDeque<>();
    Runs.Write first = Runs.diamond("u1", "p1", 10).get(0);
    queue.add(
        new PostgresWrite.MarkDeleted(
            Projector.project(first.execution(), List.of(), AT), AT, new CompletableFuture<>()));
    PostgresWrite.Upsert oldest = upsert(first);
    queue.add(oldest);
    queue.add(upsert(Runs.diamond("u2", "p2", 10).get(0)));
    queue.add(upsert(Runs.diamond("u3", "p3", 10).get(0)));

    int lost = new PostgresOverflow().shrink(queue, 3);

    assertThat(lost).isEqualTo(1);
    assertThat(queue).extracting(PostgresWrite::uid).containsExactly("u1", "u2", "u3");
    assertThat(queue.peekFirst()).isInstanceOf(PostgresWrite.MarkDeleted.class);
    assertThat(oldest.settled()).isDone();
  }
}
