package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The items of the zombie diagnostic, each shown impossible or detected and resolved, against the
 * mock API server and the fake Job controller. (Engine-level items: see {@code
 * DiagnosticEngineTest}.)
 */
class DiagnosticMatrixTest {
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(OperatorHarness.fastConfig());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static NodeStatus nodeOf(WorkflowExecution wfx, String name) {
    return wfx.getStatus().nodes().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void C1_workerKilledAtItsDeadlineFailsDeadlineExceeded() {
    h.jobs.setScript(Script.succeedAll().on("llm", Behaviour.runForever()));
    h.create(execution("c1").nodes(node("llm").deadline(1)).build());
    WorkflowExecution done = h.awaitPhase("c1", ExecutionPhase.Failed);
    assertThat(nodeOf(done, "llm").reason()).isEqualTo(Reason.DeadlineExceeded);
  }

  /** C2/C3: no counters. Jobs that finish while the operator is down still complete the run. */
  @Test
  void C2_C3_completionIsDerivedFromJobsEvenWhenTheyFinishWhileTheOperatorIsDown() {
    h.jobs.setScript(Script.succeedAll().on("a", Behaviour.succeedAfter(Duration.ofSeconds(2))));
    h.create(execution("c2c3").nodes(node("a"), node("b")).build());
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("c2c3").size() == 2);
    h.stopOperator();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.jobs.podFor("c2c3-a-1") != null
                    && "Succeeded".equals(h.jobs.podFor("c2c3-a-1").getStatus().getPhase()));
    h.startOperator();
    WorkflowExecution done = h.awaitPhase("c2c3", ExecutionPhase.Succeeded);
    assertThat(done.getStatus().progress()).isEqualTo("2/2");
  }

  /** C5: a missing credential fails fast with ConfigError naming the Secret. */
  @Test
  void C5_missingCredentialSecretFailsConfigErrorNamingTheSecret() {
    h.jobs.setScript(
        Script.succeedAll()
            .on("llm", Behaviour.createContainerConfigError("secret \"llm-cred\" not found")));
    h.create(execution("c5").nodes(node("llm").credentials("llm-cred", "apiKey")).build());
    WorkflowExecution done = h.awaitPhase("c5", ExecutionPhase.Failed);
    NodeStatus llm = nodeOf(done, "llm");
    assertThat(llm.reason()).isEqualTo(Reason.ConfigError);
    assertThat(llm.message()).contains("llm-cred");
    // The Job, stuck waiting for its Secret, is deleted rather than left to its deadline.
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("c5").isEmpty());
  }

  /** H1: nothing lives in memory; a restarted operator converges every execution. */
  @Test
  void H1_restartRecoversEveryExecution() {
    h.jobs.setScript(Script.succeedAll().on("hold", Behaviour.runForever()));
    h.create(execution("h1-complete").nodes(node("hold")).build());
    h.create(execution("h1-fail").nodes(node("hold")).build());
    h.create(execution("h1-delete").nodes(node("hold")).build());
    h.create(execution("h1-deadline").nodes(node("hold")).deadline(3).build());
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("h1-deadline").size() == 1);
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("h1-delete").size() == 1);
    h.stopOperator();
    h.jobs.completeJob("h1-complete-hold-1");
    h.jobs.failJob("h1-fail-hold-1", 2, "crashed");
    h.jobs.deleteJob("h1-delete-hold-1");
    sleep(Duration.ofSeconds(3));
    h.startOperator();
    assertThat(h.awaitPhase("h1-complete", ExecutionPhase.Succeeded)).isNotNull();
    assertThat(nodeOf(h.awaitPhase("h1-fail", ExecutionPhase.Failed), "hold").exitCode())
        .isEqualTo(2);
    assertThat(nodeOf(h.awaitPhase("h1-delete", ExecutionPhase.Failed), "hold").reason())
        .isEqualTo(Reason.Lost);
    assertThat(h.awaitPhase("h1-deadline", ExecutionPhase.Failed).getStatus().reason())
        .isEqualTo(Reason.DeadlineExceeded);
  }

  /** H2: a worker that crashes without a result is Failed/Error with its exit code. */
  @Test
  void H2_workerCrashWithoutResultIsFailedError() {
    h.jobs.setScript(Script.succeedAll().on("w", Behaviour.exit(137, "Segmentation fault")));
    h.create(execution("h2").nodes(node("w")).build());
    NodeStatus w = nodeOf(h.awaitPhase("h2", ExecutionPhase.Failed), "w");
    assertThat(w.reason()).isEqualTo(Reason.Error);
    assertThat(w.exitCode()).isEqualTo(137);
    assertThat(w.message()).contains("Segmentation fault");
  }

  /** H3: an error is never output: exit 0 with a failed result fails the node. */
  @Test
  void H3_errorResultWithExitZeroIsFailed() {
    h.jobs.setScript(
        Script.succeedAll()
            .on(
                "http",
                Behaviour.succeed()
                    .withTerminationMessage(
                        "{\"status\":\"failed\",\"error\":{\"type\":\"HttpStatus\",\"message\":\"GET /x returned 500\"}}")));
    h.create(execution("h3").nodes(node("http"), node("after").dependsOn("http")).build());
    WorkflowExecution done = h.awaitPhase("h3", ExecutionPhase.Failed);
    assertThat(nodeOf(done, "http").phase()).isEqualTo(NodePhase.Failed);
    assertThat(nodeOf(done, "http").message()).contains("GET /x returned 500");
    assertThat(nodeOf(done, "after").phase()).isEqualTo(NodePhase.Skipped);
  }

  /** H4: cancel stops the running Jobs. */
  @Test
  void H4_cancelStopsRunningJobs() {
    h.jobs.setScript(Script.succeedAll().on("long", Behaviour.runForever()));
    h.create(execution("h4").nodes(node("long")).build());
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get("h4").getStatus() != null
                    && nodeOf(h.get("h4"), "long").phase() == NodePhase.Running);
    h.client.resources(WorkflowExecution.class).withName("h4").edit(OperatorHarness::withCancel);
    assertThat(h.awaitPhase("h4", ExecutionPhase.Cancelled)).isNotNull();
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("h4").isEmpty());
  }

  /** M4: deleting an execution leaves no Job behind, and the deletion completes. */
  @Test
  void M4_deleteLeavesNothingBehind() {
    h.jobs.setScript(Script.succeedAll().on("long", Behaviour.runForever()));
    h.create(execution("m4").nodes(node("long")).build());
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("m4").size() == 1);
    h.client.resources(WorkflowExecution.class).withName("m4").delete();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.get("m4") == null && h.jobsOf("m4").isEmpty());
  }

  /**
   * Idempotency: reconciles replayed by resyncs create nothing twice: no duplicate Job, no repeated
   * Event, no status write.
   */
  @Test
  void replayedReconcilesCreateNoDuplicateJobsOrEvents() {
    h.jobs.setScript(Script.succeedAll().on("slow", Behaviour.succeedAfter(Duration.ofSeconds(4))));
    h.create(execution("replay").nodes(node("slow"), node("next").dependsOn("slow")).build());
    WorkflowExecution done = h.awaitPhase("replay", ExecutionPhase.Succeeded);
    // The execution's Succeeded (its start and node progress are not recorded as Events).
    await().atMost(OperatorHarness.WAIT).until(() -> h.eventsOf("replay").size() >= 1);
    int events = h.eventsOf("replay").size();
    int occurrences = occurrences(h.eventsOf("replay")); // a repeat bumps a count

    sleep(Duration.ofSeconds(7)); // more than two resync periods of fastConfig

    assertThat(h.jobsOf("replay")).hasSize(2);
    assertThat(h.eventsOf("replay")).hasSize(events);
    assertThat(occurrences(h.eventsOf("replay"))).isEqualTo(occurrences);
    assertThat(h.get("replay").getMetadata().getResourceVersion())
        .isEqualTo(done.getMetadata().getResourceVersion());
    assertThat(h.operator.refusedTransitions()).isZero();
  }

  private static int occurrences(List<Event> events) {
    return events.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
