package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecutionEngineTest {

  private static EngineDriver diamond() {
    return new EngineDriver(
        execution("x")
            .nodes(
                node("a"),
                node("b").dependsOn("a"),
                node("c").dependsOn("a"),
                node("d").dependsOn("b", "c"))
            .spec());
  }

  @Test
  void diamondRunsInDependencyOrderAndSucceeds() {
    EngineDriver e = diamond();
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Running);
    assertThat(e.jobs).containsOnlyKeys("wfx-a-1");
    e.set("a", e.succeeded("A"));
    e.step();
    assertThat(e.jobs).containsKeys("wfx-b-1", "wfx-c-1").doesNotContainKey("wfx-d-1");
    e.set("b", e.succeeded("B"));
    e.step();
    assertThat(e.jobs).doesNotContainKey("wfx-d-1");
    e.set("c", e.succeeded("C"));
    e.step();
    e.set("d", e.succeeded("D"));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
    assertThat(e.status.progress()).isEqualTo("4/4");
    assertThat(e.node("d").outputPreview()).isEqualTo("D");
    assertThat(e.status.conditions())
        .anySatisfy(c -> assertThat(c.type() + c.status()).isEqualTo("CompleteTrue"));
    assertThat(e.refusals).isEmpty();
  }

  @Test
  void aNodeThatRanAndEndedBetweenTwoEvaluationsStillReportsRunning() {
    EngineDriver e = diamond();
    e.step();
    e.advance(Duration.ofSeconds(3));
    java.time.Instant ran = e.now.minusSeconds(2);
    e.set(
        "a",
        new AttemptOutcome(AttemptOutcome.Kind.SUCCEEDED, null, 0, null, "pod", "A", ran, e.now));
    e.step();
    assertThat(e.node("a").runningAt()).isEqualTo(Texts.time(ran));
    assertThat(e.last.transitions())
        .filteredOn(t -> "a".equals(t.node()))
        .extracting(t -> t.from() + "->" + t.to())
        .containsExactly("Pending->Running", "Running->Succeeded");
  }

  @Test
  void failedNodeSkipsDependantsAndFailsExecution() {
    EngineDriver e = diamond();
    e.step();
    e.set("a", e.failed(FailureReason.Error, 3, "boom"));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").exitCode()).isEqualTo(3);
    assertThat(e.node("b").phase()).isEqualTo(NodePhase.Skipped);
    assertThat(e.node("d").reason()).isEqualTo(Reason.DependencyFailed);
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.NodeFailed);
    assertThat(e.status.message()).contains("node a failed", "Error");
  }

  @Test
  void statusIsUnchangedWhenNothingHappens() {
    EngineDriver e = diamond();
    e.step();
    var before = e.status;
    e.advance(Duration.ofSeconds(5));
    e.step();
    assertThat(e.status).isEqualTo(before);
    assertThat(e.last.transitions()).isEmpty();
    assertThat(e.last.actions()).isEmpty();
  }

  @Test
  void retriedNodeSucceedsOnSecondAttemptAfterBackoff() {
    EngineDriver e =
        new EngineDriver(execution("x").nodes(node("a").retry(2, 10, FailureReason.Error)).spec());
    e.step();
    e.set("a", e.failed(FailureReason.Error, 1, "flaky"));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Pending);
    assertThat(e.node("a").reason()).isEqualTo(Reason.RetryBackoff);
    assertThat(e.last.wakeAt()).contains(e.now.plusSeconds(10));
    e.step();
    assertThat(e.jobs).doesNotContainKey("wfx-a-2");
    e.advance(Duration.ofSeconds(10));
    e.step();
    assertThat(e.jobs).containsKey("wfx-a-2");
    e.set("a", e.succeeded(null));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
    assertThat(e.node("a").attempts()).isEqualTo(2);
    assertThat(e.node("a").history()).hasSize(1);
  }

  @Test
  void cancelDeletesRunningJobsAndCancelsEveryOpenNode() {
    EngineDriver e = diamond();
    e.step();
    e.set("a", e.running());
    e.step();
    e.spec =
        execution("x")
            .nodes(
                node("a"),
                node("b").dependsOn("a"),
                node("c").dependsOn("a"),
                node("d").dependsOn("b", "c"))
            .cancel(true)
            .spec();
    e.step();
    assertThat(e.last.actions()).containsExactly(new JobAction.Delete("wfx-a-1", "Cancelled"));
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Cancelled);
    assertThat(e.status.nodes())
        .allSatisfy(n -> assertThat(n.phase()).isEqualTo(NodePhase.Cancelled));
  }

  @Test
  void executionDeadlineFailsRunningNodesAndSkipsTheRest() {
    EngineDriver e =
        new EngineDriver(
            execution("x").nodes(node("a"), node("b").dependsOn("a")).deadline(60).spec());
    e.step();
    assertThat(e.last.wakeAt()).contains(e.now.plusSeconds(60));
    e.set("a", e.running());
    e.advance(Duration.ofSeconds(60));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("b").phase()).isEqualTo(NodePhase.Skipped);
    assertThat(e.jobs).isEmpty();
  }

  @Test
  void terminalExecutionNeverChangesAndStopsStrayJobs() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set("a", e.succeeded(null));
    e.step();
    var done = e.status;
    e.jobs.put("wfx-a-9", EngineDriver.pending());
    e.spec = execution("x").nodes(node("a")).cancel(true).spec();
    e.step();
    assertThat(e.status).isEqualTo(done);
    assertThat(e.last.actions()).containsExactly(new JobAction.Delete("wfx-a-9", "OrphanJob"));
  }

  @Test
  void jobThatVanishedIsLost() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.jobs.clear();
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.Lost);
  }

  @Test
  void exitZeroWithFailedResultIsFailed() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set(
        "a",
        e.succeeded(
            "{\"status\":\"failed\",\"error\":{\"type\":\"HttpError\",\"message\":\"404\"}}"));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").message()).isEqualTo("HttpError: 404");
  }

  @Test
  void parallelismBoundsRunningNodes() {
    EngineDriver e =
        new EngineDriver(
            execution("x").nodes(node("a"), node("b"), node("c")).parallelism(2).spec());
    e.step();
    assertThat(e.jobs).hasSize(2);
    e.set("a", e.succeeded(null));
    e.step();
    assertThat(e.jobs).containsKey("wfx-c-1");
  }

  @Test
  void suspendStartsNothingNew() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).suspend(true).spec());
    e.step();
    assertThat(e.jobs).isEmpty();
    assertThat(e.node("a").reason()).isEqualTo(Reason.Suspended);
  }

  @Test
  void missingWorkflowWaitsThenFails() {
    EngineDriver e = new EngineDriver(execution("x").workflowRef("missing").spec());
    e.resolution = new Resolution.NotFound("missing");
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Pending);
    assertThat(e.status.reason()).isEqualTo(Reason.WorkflowNotFound);
    e.advance(Duration.ofMinutes(5));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.WorkflowNotFound);
  }

  @Test
  void nodeDeadlineBackstopDeletesJobTheControllerMissed() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a").deadline(10)).spec());
    e.step();
    e.set("a", e.running());
    e.step();
    e.advance(Duration.ofSeconds(10 + 30));
    e.step();
    assertThat(e.node("a").reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(e.last.actions()).contains(new JobAction.Delete("wfx-a-1", "DeadlineExceeded"));
  }

  @Test
  void pendingTooLongFailsTheNode() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a").pendingTimeout(30)).spec());
    e.step();
    e.set(
        "a",
        new AttemptOutcome(
            AttemptOutcome.Kind.PENDING,
            FailureReason.Unschedulable,
            null,
            "0/3 nodes",
            null,
            null,
            null,
            null));
    e.step();
    assertThat(e.node("a").reason()).isEqualTo(Reason.Unschedulable);
    e.advance(Duration.ofSeconds(30));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.PendingTooLong);
    assertThat(e.node("a").message()).contains("0/3 nodes");
  }

  @Test
  void heartbeatSourceOutageNeverFailsANode() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a").heartbeat(10)).spec());
    e.step();
    e.set("a", e.running());
    e.step();
    e.heartbeatsUnknown = true;
    e.advance(Duration.ofSeconds(60));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Running);
    e.heartbeatsUnknown = false;
    e.step();
    assertThat(e.node("a").reason()).isEqualTo(Reason.HeartbeatTimeout);
  }

  @Test
  void freshHeartbeatsKeepANodeAlive() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a").heartbeat(10)).spec());
    e.step();
    e.set("a", e.running());
    e.step();
    e.advance(Duration.ofSeconds(8));
    e.heartbeats.put("wfx-a-1", e.now);
    e.advance(Duration.ofSeconds(8));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Running);
    e.advance(Duration.ofSeconds(3));
    e.step();
    assertThat(e.node("a").reason()).isEqualTo(Reason.HeartbeatTimeout);
  }
}
