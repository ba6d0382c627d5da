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

class PostgresOverflowTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:10Z");

  private static PostgresWrite.Upsert upsert(Runs.Write w) {
    return new PostgresWrite.Upsert(Projector.project(w.execution(), w.transitions(), AT));
  }

  @Test
  void mergesTheWritesOfAnExecutionIntoItsNewestKeepingEveryTransitionAndAttempt() {
    List<Runs.Write> run = Runs.diamond("u1", "p", 10);
    Deque<PostgresWrite> queue = new ArrayDeque<>();
    run.forEach(w -> queue.add(upsert(w)));
    PostgresWrite.Upsert oldest = (PostgresWrite.Upsert) queue.peekFirst();

    int lost = new PostgresOverflow().shrink(queue, 2);

    assertThat(lost).isZero();
    assertThat(queue).hasSize(1);
    PostgresWrite merged = queue.peekFirst();
    assertThat(merged.write().execution().resourceVersion()).isEqualTo("13");
    assertThat(merged.write().transitions())
        .extracting(TransitionRow::sequence)
        .containsExactly(
            "10-0", "10-1", "11-0", "11-1", "11-2", "12-0", "12-1", "12-2", "13-0", "13-1");
    assertThat(merged.write().attempts()).hasSize(5);
    merged.settled().complete(null);
    assertThat(oldest.settled()).isDone();
  }

  @Test
  void givesUpTheOldestStatusWritesOnlyWhenExecutionsOutnumberTheCapacityNeverADeletion() {
    Deque<PostgresWrite> queue = new ArrayDeque<>();
    Runs.Write first = Runs.diamond("u1", "p1", 10).get(0);
    queue.add(
        new PostgresWrite.MarkDeleted(
            Projector.project(first.execution(), List.of(), AT), AT, new CompletableFuture<>()));
    queue.add(upsert(first));
    queue.add(upsert(Runs.diamond("u2", "p2", 10).get(0)));
    queue.add(upsert(Runs.diamond("u3", "p3", 10).get(0)));

    int lost = new PostgresOverflow().shrink(queue, 3);

    assertThat(lost).isEqualTo(1);
    assertThat(queue).extracting(PostgresWrite::uid).containsExactly("u1", "u2", "u3");
    assertThat(queue.peekFirst()).isInstanceOf(PostgresWrite.MarkDeleted.class);
  }
}
