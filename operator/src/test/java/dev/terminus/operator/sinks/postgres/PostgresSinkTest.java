package dev.terminus.operator.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.sinks.Db;
import dev.terminus.operator.sinks.EmbeddedStores;
import dev.terminus.operator.sinks.Runs;
import dev.terminus.operator.sinks.Runs.Write;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.sinks.outbox.Backoff;
import dev.terminus.operator.sinks.outbox.Outbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL projection against a real server: idempotent, forward-only, append-once. */
class PostgresSinkTest {
  static final SinkTuning FAST =
      SinkTuning.DEFAULT
          .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
          .withConnectTimeout(Duration.ofMillis(500));
  private static final List<String> DIAMOND_TRANSITIONS =
      List.of(
          "a:null->Running",
          "-:null->Running",
          "a:Running->Succeeded",
          "b:Pending->Running",
          "c:Pending->Running",
          "b:Running->Succeeded",
          "c:Running->Succeeded",
          "d:Pending->Running",
          "d:Running->Succeeded",
          "-:Running->Succeeded");

  private static SimpleMeterRegistry registry;
  private static PostgresSink sink;
  private static Db db;

  @BeforeAll
  static void start() {
    String url = EmbeddedStores.postgres().createDatabase("sink_test");
    registry = new SimpleMeterRegistry();
    sink = PostgresSink.create(url, null, null, FAST, registry, Clock.systemUTC());
    db = new Db(url);
  }

  @AfterAll
  static void stop() {
    sink.close();
  }

  private static void project(List<Write> writes) {
    writes.forEach(w -> sink.statusWritten(w.execution(), w.transitions()));
  }

  private static void awaitDrained() {
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.backlog() == 0);
  }

  @Test
  void replayingEveryWriteStoresEachTransitionOnceInOrder() {
    String uid = UUID.randomUUID().toString();
    List<Write> run = Runs.diamond(uid, "replayed", 100);

    project(run);
    project(run);
    List<Write> reversed = new ArrayList<>(run);
    Collections.reverse(reversed);
    project(reversed);
    awaitDrained();

    assertThat(db.transitions(uid)).containsExactlyElementsOf(DIAMOND_TRANSITIONS);
    assertThat(db.attempts(uid))
        .containsExactly(
            "a#1=Succeeded", "b#1=Failed", "b#2=Succeeded", "c#1=Succeeded", "d#1=Succeeded");
    var row = db.execution(uid);
    assertThat(row)
        .containsEntry("phase", "Succeeded")
        .containsEntry("progress", "4/4")
        .containsEntry("resource_version", "103")
        .containsEntry("resource_version_num", 103L)
        .containsEntry("name", "replayed")
        .containsEntry("namespace", "default")
        .containsEntry("workflow_source", "inline")
        .containsEntry("usage_tokens", 40L);
    assertThat(row.get("status").toString()).contains("\"progress\": \"4/4\"");
    assertThat(row.get("spec").toString()).contains("\"nodes\"");
    assertThat(row.get("deleted_at")).isNull();
    assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(1);
  }

  @Test
  void anOlderResourceVersionNeverOverwritesANewerRow() {
    String uid = UUID.randomUUID().toString();
    List<Write> run = Runs.diamond(uid, "forward", 200);

    project(List.of(run.get(3)));
    awaitDrained();
    project(List.of(run.get(1), run.get(0)));
    awaitDrained();

    assertThat(db.execution(uid))
        .containsEntry("phase", "Succeeded")
        .containsEntry("progress", "4/4")
        .containsEntry("resource_version_num", 203L);
    // c was Running at 201: its Succeeded row from 203 stays.
    assertThat(db.attempts(uid)).contains("c#1=Succeeded", "a#1=Succeeded");
    // Transitions are history, not state: the older writes' transitions are added.
    assertThat(db.transitions(uid)).hasSize(2 + 2 + 3);
  }

  @Test
  void hasFinalStateOnceTheRowIsTerminalAtThisVersionOrNewer() {
    String uid = UUID.randomUUID().toString();
    List<Write> run = Runs.diamond(uid, "retained", 300);
    WorkflowExecution running = run.get(2).execution();
    WorkflowExecution finished = run.get(3).execution();

    project(run.subList(0, 3));
    awaitDrained();
    assertThat(sink.hasFinalState(running)).isFalse();

    // Not written yet: false, and the execution as it is is queued, so that it becomes true.
    assertThat(sink.hasFinalState(finished)).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.hasFinalState(finished));

    // A metadata change moved the resourceVersion past the row's: caught up the same way.
    finished.getMetadata().setResourceVersion("310");
    assertThat(sink.hasFinalState(finished)).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.hasFinalState(finished));
    assertThat(db.execution(uid)).containsEntry("resource_version_num", 310L);
  }

  @Test
  void deletedMarksTheRowAndKeepsItsHistory() {
    String uid = UUID.randomUUID().toString();
    List<Write> run = Runs.diamond(uid, "deleted", 400);
    project(run);

    WorkflowExecution last = run.get(3).execution();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.deleted(last));
    Object deletedAt = db.execution(uid).get("deleted_at");
    assertThat(deletedAt).isNotNull();

    // A late replay and a second deletion keep the mark and its time.
    project(run);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.deleted(last));
    awaitDrained();
    assertThat(db.execution(uid)).containsEntry("deleted_at", deletedAt);
    assertThat(db.transitions(uid)).containsExactlyElementsOf(DIAMOND_TRANSITIONS);
  }

  @Test
  void deletedWritesTheRowOfAnExecutionNeverProjectedBefore() {
    String uid = UUID.randomUUID().toString();
    WorkflowExecution last = Runs.diamond(uid, "unseen", 500).get(3).execution();

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.deleted(last));

    assertThat(db.execution(uid)).containsEntry("phase", "Succeeded");
    assertThat(db.execution(uid).get("deleted_at")).isNotNull();
  }

  @Test
  void aWriteTheDatabaseRefusesIsGivenUpWithoutBlockingTheOthers() {
    String refusedUid = UUID.randomUUID().toString();
    String fineUid = UUID.randomUUID().toString();
    Write refused = Runs.diamond(refusedUid, "refused", 600).get(0);
    // PostgreSQL text cannot hold a NUL character: the server refuses the write (22021).
    refused.execution().getMetadata().setNamespace("bad\u0000namespace");
    double droppedBefore = dropped();

    project(List.of(refused));
    project(Runs.diamond(fineUid, "fine", 700));
    awaitDrained();

    assertThat(dropped()).isEqualTo(droppedBefore + 1);
    assertThat(db.execution(refusedUid)).isNull();
    assertThat(db.transitions(fineUid)).containsExactlyElementsOf(DIAMOND_TRANSITIONS);
  }

  private static double dropped() {
    return registry.get(Outbox.DROPPED).tag("sink", "postgres").counter().count();
  }
}
