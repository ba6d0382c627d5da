package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.sinks.CompositeSink;
import dev.terminus.operator.sinks.Db;
import dev.terminus.operator.sinks.EmbeddedStores;
import dev.terminus.operator.sinks.EventSubscriber;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.sinks.outbox.Backoff;
import dev.terminus.operator.sinks.postgres.PostgresSink;
import dev.terminus.operator.sinks.redis.RedisSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator with both projections on real servers: the history and the live events match the
 * final status, and ttlSecondsAfterFinished deletes an execution only once PostgreSQL has its final
 * state, keeping the row (deleted_at set).
 */
class ProjectionsEndToEndTest {
  private static final SinkTuning FAST =
      SinkTuning.DEFAULT
          .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
          .withConnectTimeout(Duration.ofMillis(500));

  private static EmbeddedStores.Postgres postgres;
  private static Db db;
  private static PostgresSink history;
  private static RedisSink live;
  private static EventSubscriber subscriber;
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    postgres = EmbeddedStores.postgres();
    String url = postgres.createDatabase("e2e_test");
    db = new Db(url);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    history = PostgresSink.create(url, null, null, FAST, registry, Clock.systemUTC());
    String redisUrl = EmbeddedStores.redis().url();
    live = RedisSink.create(redisUrl, FAST, registry, Clock.systemUTC());
    subscriber = new EventSubscriber(redisUrl);
    h =
        new OperatorHarness(
            OperatorHarness.fastConfig(), new CompositeSink(List.of(history, live)));
  }

  @AfterAll
  static void stop() {
    if (!postgres.running()) {
      postgres.start();
    }
    h.close();
    history.close();
    live.close();
    subscriber.close();
  }

  private static WorkflowExecution diamond(String name, long ttlSeconds) {
    return execution(name)
        .nodes(
            node("a"),
            node("b").dependsOn("a"),
            node("c").dependsOn("a"),
            node("d").dependsOn("b", "c"))
        .ttlSecondsAfterFinished(ttlSeconds)
        .build();
  }

  @Test
  void aDiamondIsProjectedAndItsTtlDeletesItAfterTheHistoryHasItsFinalState() {
    WorkflowExecution created = h.create(diamond("projected-1", 2));
    String uid = created.getMetadata().getUid();

    WorkflowExecution done = h.awaitPhase("projected-1", ExecutionPhase.Succeeded);
    await().atMost(OperatorHarness.WAIT).until(() -> h.get("projected-1") == null);

    assertMatchesFinalStatus(uid, done);
    assertThat(db.execution(uid).get("deleted_at")).isNotNull();
    assertThat(subscriber.sequences(uid)).containsExactlyElementsOf(sequencesInHistory(uid));
    assertThat(subscriber.of(uid).get(subscriber.of(uid).size() - 1))
        .containsEntry("type", "execution")
        .containsEntry("phase", "Succeeded");
  }

  /**
   * Diagnostic H5 and M4 together: the outage delays the history and the deletion, nothing else.
   */
  @Test
  void H5_M4_withPostgresDownTheExecutionFinishesButIsDeletedOnlyOnceHistoryHasIt() {
    postgres.stop();
    WorkflowExecution created = h.create(diamond("projected-2", 1));
    String uid = created.getMetadata().getUid();

    WorkflowExecution done = h.awaitPhase("projected-2", ExecutionPhase.Succeeded);
    Instant due = OffsetDateTime.parse(done.getStatus().finishedAt()).toInstant().plusSeconds(1);
    await().until(() -> Instant.now().isAfter(due.plusSeconds(2)));
    assertThat(h.get("projected-2")).as("kept while the history lacks it").isNotNull();
    assertThat(history.backlog()).isGreaterThan(0);

    postgres.start();
    await().atMost(OperatorHarness.WAIT).until(() -> h.get("projected-2") == null);

    assertMatchesFinalStatus(uid, done);
    assertThat(db.execution(uid).get("deleted_at")).isNotNull();
    assertThat(subscriber.sequences(uid)).containsExactlyElementsOf(sequencesInHistory(uid));
  }

  private static void assertMatchesFinalStatus(String uid, WorkflowExecution done) {
    Map<String, Object> row = db.execution(uid);
    assertThat(row)
        .containsEntry("phase", "Succeeded")
        .containsEntry("progress", "4/4")
        .containsEntry("name", done.getMetadata().getName());
    assertThat((Long) row.get("resource_version_num"))
        .isGreaterThanOrEqualTo(Long.parseLong(done.getMetadata().getResourceVersion()));
    assertThat(db.attempts(uid))
        .containsExactlyElementsOf(
            done.getStatus().nodes().stream()
                .map(n -> n.name() + "#" + n.attempts() + "=" + n.phase())
                .sorted()
                .toList());
    List<String> transitions = db.transitions(uid);
    assertThat(transitions.get(transitions.size() - 1)).isEqualTo("-:Running->Succeeded");
    for (NodeStatus n : done.getStatus().nodes()) {
      assertThat(transitions).contains(n.name() + ":Running->Succeeded");
    }
  }

  private static List<String> sequencesInHistory(String uid) {
    return db
        .rows(
            "SELECT resource_version || '-' || index_in_write AS sequence"
                + " FROM execution_transitions WHERE execution_uid = ?"
                + " ORDER BY resource_version_num, index_in_write",
            uid)
        .stream()
        .map(r -> (String) r.get("sequence"))
        .toList();
  }
}
