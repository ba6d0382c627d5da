package dev.terminus.operator.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.sinks.Db;
import dev.terminus.operator.sinks.EmbeddedStores;
import dev.terminus.operator.sinks.Runs;
import dev.terminus.operator.sinks.Runs.Write;
import dev.terminus.operator.sinks.outbox.Outbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Diagnostic H5 for the history: with PostgreSQL down, telling the sink stays fast and never
 * throws, the backlog shows, and once the database is back every row and every transition arrives.
 */
class PostgresOutageTest {
  private static final int EXECUTIONS = 30;

  private final EmbeddedStores.Postgres postgres = EmbeddedStores.postgres();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private PostgresSink sink;

  @AfterEach
  void restore() {
    if (!postgres.running()) {
      postgres.start();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void H5_historyConvergesWithNoTransitionLostAfterTheDatabaseComesBack() {
    String url = postgres.createDatabase("outage_test");
    Db db = new Db(url);
    sink = PostgresSink.create(url, null, null, PostgresSinkTest.FAST, registry, Clock.systemUTC());
    List<List<Write>> runs = runs(EXECUTIONS, 1000);
    project(runs.get(0).subList(0, 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.backlog() == 0);

    postgres.stop();
    long slowestCallNanos = projectAll(runs);
    WorkflowExecution deletedDuringOutage = runs.get(1).get(3).execution();
    assertThat(sink.deleted(deletedDuringOutage)).isFalse();
    assertThat(sink.hasFinalState(runs.get(2).get(3).execution())).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> errors() > 0);
    assertThat(backlog()).isGreaterThan(0);

    postgres.start();
    long recoveredAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.backlog() == 0);
    long drainMillis = (System.nanoTime() - recoveredAt) / 1_000_000;

    for (List<Write> run : runs) {
      String uid = run.get(0).execution().getMetadata().getUid();
      assertThat(db.transitions(uid)).as(uid).hasSize(10);
      assertThat(db.execution(uid)).containsEntry("phase", "Succeeded");
      assertThat(db.attempts(uid)).hasSize(5);
    }
    assertThat(db.execution(deletedDuringOutage.getMetadata().getUid()).get("deleted_at"))
        .isNotNull();
    assertThat(sink.deleted(deletedDuringOutage)).isTrue();
    assertThat(sink.hasFinalState(runs.get(2).get(3).execution())).isTrue();
    assertThat(slowestCallNanos).isLessThan(Duration.ofMillis(100).toNanos());
    System.out.printf(
        "postgres outage: %d writes queued, slowest statusWritten %.2f ms, drained in %d ms%n",
        EXECUTIONS * 4, slowestCallNanos / 1e6, drainMillis);
  }

  /**
   * The outbox holds one pending write per execution, the newer writes merged into it: the newest
   * status and every transition survive, and memory is bounded by executions, not by writes.
   */
  @Test
  void H5_pendingWritesOfAnExecutionAreMergedKeepingTheNewestStatusAndEveryTransition() {
    String url = postgres.createDatabase("overflow_test");
    Db db = new Db(url);
    sink =
        PostgresSink.create(
            url,
            null,
            null,
            PostgresSinkTest.FAST.withOutboxCapacity(8),
            registry,
            Clock.systemUTC());
    List<List<Write>> runs = runs(5, 5000);

    postgres.stop();
    projectAll(runs);
    // One per execution, plus the batch the drainer holds while it retries.
    assertThat(sink.backlog()).isLessThanOrEqualTo(5 + 5);
    postgres.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.backlog() == 0);

    for (List<Write> run : runs) {
      String uid = run.get(0).execution().getMetadata().getUid();
      assertThat(db.transitions(uid)).hasSize(10);
      assertThat(db.attempts(uid)).hasSize(5);
      assertThat(db.execution(uid)).containsEntry("resource_version_num", 5003L);
    }
    assertThat(registry.get(Outbox.DROPPED).tag("sink", "postgres").counter().count()).isZero();
  }

  @Test
  void H5_startsAndAcceptsWritesWithNoDatabaseListening() {
    String url = "jdbc:postgresql://localhost:" + EmbeddedStores.freePort() + "/none";
    long started = System.nanoTime();
    sink = PostgresSink.create(url, "u", "p", PostgresSinkTest.FAST, registry, Clock.systemUTC());
    long slowest = projectAll(runs(3, 1));

    assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(2).toNanos());
    assertThat(slowest).isLessThan(Duration.ofMillis(100).toNanos());
    await().atMost(Duration.ofSeconds(10)).until(() -> errors() > 0);
    // One pending write per execution (plus, at most, a batch taken before the first failure).
    assertThat(backlog()).isBetween(3.0, 6.0);
  }

  private static List<List<Write>> runs(int count, long firstVersion) {
    List<List<Write>> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(Runs.diamond(UUID.randomUUID().toString(), "run-" + i, firstVersion));
    }
    return runs;
  }

  /** Interleaved as concurrent executions would be; returns the slowest call. */
  private long projectAll(List<List<Write>> runs) {
    long slowest = 0;
    for (int step = 0; step < 4; step++) {
      for (List<Write> run : runs) {
        long t0 = System.nanoTime();
        Write w = run.get(step);
        sink.statusWritten(w.execution(), w.transitions());
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
    }
    return slowest;
  }

  private void project(List<Write> writes) {
    writes.forEach(w -> sink.statusWritten(w.execution(), w.transitions()));
  }

  private double errors() {
    return registry.get(Outbox.ERRORS).tag("sink", "postgres").counter().count();
  }

  private double backlog() {
    return registry.get(Outbox.BACKLOG).tag("sink", "postgres").gauge().value();
  }
}
