package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole executions against the mock API server and a fake Job controller. */
class ExecutionLifecycleTest {
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
  void diamondWorkflowByReferenceSucceedsWithOneJobPerNode() {
    Workflow wf = new Workflow();
    wf.setMetadata(new ObjectMetaBuilder().withName("diamond").withNamespace("default").build());
    wf.setSpec(
        execution("unused")
            .nodes(
                node("a"),
                node("b").dependsOn("a"),
                node("c").dependsOn("a"),
                node("d").dependsOn("b", "c").deadline(120))
            .workflow());
    h.create(wf);
    h.create(execution("diamond-1").workflowRef("diamond").build());

    WorkflowExecution done = h.awaitPhase("diamond-1", ExecutionPhase.Succeeded);

    assertThat(done.getStatus().progress()).isEqualTo("4/4");
    assertThat(done.getStatus().workflowSource()).isEqualTo("Workflow/diamond");
    assertThat(done.getStatus().conditions())
        .anySatisfy(c -> assertThat(c.type() + "=" + c.status()).isEqualTo("Complete=True"));
    assertThat(h.jobsOf("diamond-1")).hasSize(4);
    Job d =
        h.jobsOf("diamond-1").stream()
            .filter(j -> j.getMetadata().getName().equals("diamond-1-d-1"))
            .findFirst()
            .orElseThrow();
    assertThat(d.getMetadata().getLabels())
        .containsEntry(Api.LABEL_EXECUTION, "diamond-1")
        .containsEntry(Api.LABEL_NODE, "d")
        .containsEntry(Api.LABEL_ATTEMPT, "1");
    assertThat(d.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(d.getSpec().getBackoffLimit()).isZero();
    assertThat(d.getSpec().getActiveDeadlineSeconds()).isEqualTo(120L);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getContainers().get(0).getTerminationMessagePolicy())
        .isEqualTo("FallbackToLogsOnError");
    assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL");
    await().atMost(OperatorHarness.WAIT).until(() -> !h.eventsOf("diamond-1").isEmpty());
  }

  @Test
  void nodeExitingWithCode3FailsExecutionAndSkipsDependants() {
    h.jobs.setScript(Script.succeedAll().on("b", Behaviour.exit(3, "disk full")));
    h.create(
        execution("exit-3")
            .nodes(node("a"), node("b").dependsOn("a"), node("c").dependsOn("b"))
            .build());

    WorkflowExecution done = h.awaitPhase("exit-3", ExecutionPhase.Failed);

    assertThat(done.getStatus().reason()).isEqualTo(Reason.NodeFailed);
    assertThat(done.getStatus().message()).contains("node b failed", "Error");
    NodeStatus b = nodeOf(done, "b");
    assertThat(b.phase()).isEqualTo(NodePhase.Failed);
    assertThat(b.reason()).isEqualTo(Reason.Error);
    assertThat(b.exitCode()).isEqualTo(3);
    assertThat(b.message()).contains("disk full");
    assertThat(nodeOf(done, "c").phase()).isEqualTo(NodePhase.Skipped);
    assertThat(nodeOf(done, "c").reason()).isEqualTo(Reason.DependencyFailed);
    h.jobs.setScript(Script.succeedAll());
  }

  /** Diagnostic C1: a worker killed at its deadline ends Failed/DeadlineExceeded. */
  @Test
  void nodeOverItsDeadlineEndsDeadlineExceeded() {
    h.jobs.setScript(Script.succeedAll().on("slow", Behaviour.runForever()));
    h.create(execution("node-deadline").nodes(node("slow").deadline(1)).build());

    WorkflowExecution done = h.awaitPhase("node-deadline", ExecutionPhase.Failed);

    assertThat(nodeOf(done, "slow").reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(done.getStatus().reason()).isEqualTo(Reason.NodeFailed);
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void retriedNodeSucceedsOnSecondAttempt() {
    h.jobs.setScript(Script.succeedAll().on("flaky", 1, Behaviour.exit(1, "transient")));
    h.create(execution("retry-1").nodes(node("flaky").retry(2, 1, FailureReason.Error)).build());

    WorkflowExecution done = h.awaitPhase("retry-1", ExecutionPhase.Succeeded);

    NodeStatus flaky = nodeOf(done, "flaky");
    assertThat(flaky.attempts()).isEqualTo(2);
    assertThat(flaky.job()).isEqualTo("retry-1-flaky-2");
    assertThat(flaky.history())
        .singleElement()
        .satisfies(a -> assertThat(a.exitCode()).isEqualTo(1));
    assertThat(h.jobsOf("retry-1")).hasSize(2);
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void cancelInTheMiddleDeletesRunningJobsAndEndsCancelled() {
    h.jobs.setScript(Script.succeedAll().on("long", Behaviour.runForever()));
    h.create(
        execution("cancel-1")
            .nodes(node("quick"), node("long").dependsOn("quick"), node("after").dependsOn("long"))
            .build());
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get("cancel-1").getStatus() != null
                    && h.get("cancel-1").getStatus().nodes() != null
                    && nodeOf(h.get("cancel-1"), "long").phase() == NodePhase.Running);

    h.client
        .resources(WorkflowExecution.class)
        .withName("cancel-1")
        .edit(OperatorHarness::withCancel);

    WorkflowExecution done = h.awaitPhase("cancel-1", ExecutionPhase.Cancelled);
    assertThat(nodeOf(done, "quick").phase()).isEqualTo(NodePhase.Succeeded);
    assertThat(nodeOf(done, "long").phase()).isEqualTo(NodePhase.Cancelled);
    assertThat(nodeOf(done, "after").phase()).isEqualTo(NodePhase.Cancelled);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.client.batch().v1().jobs().withName("cancel-1-long-1").get() == null);
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void executionDeadlineDeletesJobsAndFailsEverything() {
    h.jobs.setScript(Script.succeedAll().on("forever", Behaviour.runForever()));
    h.create(
        execution("exec-deadline")
            .nodes(node("forever"), node("next").dependsOn("forever"))
            .deadline(2)
            .build());

    WorkflowExecution done = h.awaitPhase("exec-deadline", ExecutionPhase.Failed);

    assertThat(done.getStatus().reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(nodeOf(done, "forever").phase()).isEqualTo(NodePhase.Failed);
    assertThat(nodeOf(done, "forever").reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(nodeOf(done, "next").phase()).isEqualTo(NodePhase.Skipped);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> h.client.batch().v1().jobs().withName("exec-deadline-forever-1").get() == null);
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void invalidSpecFailsWithEveryProblemListed() {
    h.create(
        execution("invalid-1")
            .nodes(
                node("a").dependsOn("c"),
                node("b").dependsOn("a"),
                node("c").dependsOn("b"),
                node("d").dependsOn("ghost"),
                node("d"),
                node("Bad_Name"))
            .build());

    WorkflowExecution done = h.awaitPhase("invalid-1", ExecutionPhase.Failed);

    assertThat(done.getStatus().reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(done.getStatus().message()).contains("cycle", "ghost", "duplicate", "Bad_Name");
    assertThat(h.jobsOf("invalid-1")).isEmpty();
  }

  @Test
  void emptyDagIsInvalid() {
    h.create(execution("invalid-empty").build());
    WorkflowExecution done = h.awaitPhase("invalid-empty", ExecutionPhase.Failed);
    assertThat(done.getStatus().reason()).isEqualTo(Reason.InvalidSpec);
  }

  @Test
  void missingWorkflowWaitsPendingThenFails() {
    h.create(execution("orphan-ref").workflowRef("does-not-exist").build());
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get("orphan-ref").getStatus() != null
                    && h.get("orphan-ref").getStatus().reason() == Reason.WorkflowNotFound);
    assertThat(h.get("orphan-ref").getStatus().phase()).isEqualTo(ExecutionPhase.Pending);

    WorkflowExecution done = h.awaitPhase("orphan-ref", ExecutionPhase.Failed);
    assertThat(done.getStatus().reason()).isEqualTo(Reason.WorkflowNotFound);
  }

  @Test
  void laterEditsOfTheWorkflowDoNotChangeARunningExecution() {
    h.jobs.setScript(Script.succeedAll().on("hold", Behaviour.succeedAfter(Duration.ofSeconds(2))));
    Workflow wf = new Workflow();
    wf.setMetadata(new ObjectMetaBuilder().withName("editable").withNamespace("default").build());
    wf.setSpec(execution("unused").nodes(node("hold")).workflow());
    h.create(wf);
    h.create(execution("snapshot-1").workflowRef("editable").build());
    await().atMost(OperatorHarness.WAIT).until(() -> !h.jobsOf("snapshot-1").isEmpty());

    h.client
        .resources(Workflow.class)
        .withName("editable")
        .edit(
            w -> {
              w.setSpec(execution("unused").nodes(node("hold"), node("extra")).workflow());
              return w;
            });

    WorkflowExecution done = h.awaitPhase("snapshot-1", ExecutionPhase.Succeeded);
    assertThat(done.getStatus().nodes()).extracting(NodeStatus::name).containsExactly("hold");
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void workflowTemplateReportsValidity() {
    Workflow bad = new Workflow();
    bad.setMetadata(new ObjectMetaBuilder().withName("cyclic").withNamespace("default").build());
    bad.setSpec(
        execution("unused").nodes(node("x").dependsOn("y"), node("y").dependsOn("x")).workflow());
    h.create(bad);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              Workflow w = h.client.resources(Workflow.class).withName("cyclic").get();
              return w.getStatus() != null && !w.getStatus().conditions().isEmpty();
            });
    var valid =
        h.client.resources(Workflow.class).withName("cyclic").get().getStatus().conditions().get(0);
    assertThat(valid.type()).isEqualTo("Valid");
    assertThat(valid.status()).isEqualTo("False");
    assertThat(valid.message()).contains("cycle");
  }

  @Test
  void finishedExecutionIsDeletedAfterItsTtl() {
    h.create(execution("ttl-1").nodes(node("a")).ttlSecondsAfterFinished(4).build());
    h.awaitPhase("ttl-1", ExecutionPhase.Succeeded);
    long finished = System.nanoTime();
    await().atMost(OperatorHarness.WAIT).until(() -> h.get("ttl-1") == null);
    assertThat(Duration.ofNanos(System.nanoTime() - finished)).isGreaterThan(Duration.ofSeconds(2));
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("ttl-1").isEmpty());
  }
}
