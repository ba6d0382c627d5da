package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.Budget;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.fixtures.NodeBuilder;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Budgets, approval gates and child workflows against the mock API server. */
class BudgetsApprovalsChildrenTest {
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

  private static void workflow(String name, NodeBuilder... nodes) {
    Workflow wf = new Workflow();
    wf.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    wf.setSpec(execution("unused").nodes(nodes).workflow());
    h.create(wf);
  }

  @Test
  void budgetEnforcement_nodeReportingUsageOverTheLimitStopsTheExecution() {
    h.jobs.setScript(
        Script.succeedAll()
            .on(
                "spender",
                Behaviour.succeed()
                    .withTerminationMessage(
                        "{\"status\":\"succeeded\",\"output\":\"x\",\"usage\":{\"tokens\":150}}"))
            .on("other", Behaviour.runForever()));
    h.create(
        execution("budget-1")
            .nodes(node("other"), node("spender"), node("next").dependsOn("spender"))
            .budget(new Budget(100L, null, null))
            .build());

    WorkflowExecution done = h.awaitPhase("budget-1", ExecutionPhase.Failed);

    assertThat(done.getStatus().reason()).isEqualTo(Reason.BudgetExceeded);
    assertThat(done.getStatus().message()).contains("maxTokens 100", "150 tokens");
    assertThat(nodeOf(done, "other").reason()).isEqualTo(Reason.BudgetExceeded);
    assertThat(nodeOf(done, "next").phase()).isEqualTo(NodePhase.Skipped);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.client.batch().v1().jobs().withName("budget-1-other-1").get() == null);
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void approvalGateProceedsWhenApprovedWithKubectlMergePatch() {
    h.create(
        execution("approve-1")
            .nodes(node("review").approval(3600), node("ship").dependsOn("review"))
            .build());
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get("approve-1").getStatus() != null
                    && h.get("approve-1").getStatus().reason() == Reason.WaitingForApproval);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.eventReasons("approve-1").contains("WaitingForApproval"));
    assertThat(h.jobsOf("approve-1")).isEmpty();

    h.client
        .resources(WorkflowExecution.class)
        .withName("approve-1")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"approvals\":{\"review\":{\"decision\":\"Approved\",\"by\":\"alice\"}}}}");

    WorkflowExecution done = h.awaitPhase("approve-1", ExecutionPhase.Succeeded);
    assertThat(nodeOf(done, "review").reason()).isEqualTo(Reason.Approved);
    assertThat(nodeOf(done, "review").message()).isEqualTo("approved by alice");
    assertThat(nodeOf(done, "review").finishedAt()).isNotNull();
  }

  @Test
  void confirmationExpiry_approvalNobodyDecidesExpires() {
    h.create(execution("approve-expire").nodes(node("review").approval(1)).build());

    WorkflowExecution done = h.awaitPhase("approve-expire", ExecutionPhase.Failed);

    assertThat(nodeOf(done, "review").reason()).isEqualTo(Reason.ApprovalExpired);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.eventReasons("approve-expire").contains("ApprovalExpired"));
  }

  @Test
  void childWorkflowRunsOwnedByItsParentAndPassesItsOutputsUp() {
    h.jobs.setScript(
        Script.succeedAll()
            .on(
                "leaf",
                Behaviour.succeed()
                    .withTerminationMessage("{\"status\":\"succeeded\",\"output\":\"summary\"}")));
    workflow("summarize", node("leaf"));
    h.create(
        execution("parent-1")
            .nodes(
                node("fetch"),
                node("sub").child("summarize").dependsOn("fetch"),
                node("after").dependsOn("sub"))
            .build());

    WorkflowExecution done = h.awaitPhase("parent-1", ExecutionPhase.Succeeded);

    assertThat(nodeOf(done, "sub").outputPreview()).contains("leaf", "summary");
    WorkflowExecution child = h.get("parent-1-sub-1");
    assertThat(child.getStatus().phase()).isEqualTo(ExecutionPhase.Succeeded);
    assertThat(child.getMetadata().getLabels()).containsEntry(Api.LABEL_PARENT, "parent-1");
    assertThat(child.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid()));
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void childExecutionTimeout_childPastItsNodeDeadlineIsCancelled() {
    h.jobs.setScript(Script.succeedAll().on("slow", Behaviour.runForever()));
    workflow("slow-wf", node("slow"));
    h.create(execution("parent-deadline").nodes(node("sub").child("slow-wf").deadline(2)).build());

    WorkflowExecution done = h.awaitPhase("parent-deadline", ExecutionPhase.Failed);

    assertThat(nodeOf(done, "sub").reason()).isEqualTo(Reason.ChildDeadline);
    assertThat(h.awaitPhase("parent-deadline-sub-1", ExecutionPhase.Cancelled)).isNotNull();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.eventReasons("parent-deadline").contains("ChildDeadline"));
    h.jobs.setScript(Script.succeedAll());
  }

  /** M2, raced for real: a child that finishes right at its node's deadline, many times. */
  @Test
  void M2_childCompletionRacingTheDeadlineRecordsExactlyOneOutcome() {
    h.jobs.setScript(
        Script.succeedAll().on("edge", Behaviour.succeedAfter(Duration.ofMillis(1700))));
    workflow("edge-wf", node("edge"));
    for (int i = 0; i < 8; i++) {
      h.create(execution("race-" + i).nodes(node("sub").child("edge-wf").deadline(2)).build());
    }
    for (int i = 0; i < 8; i++) {
      String name = "race-" + i;
      await()
          .atMost(OperatorHarness.WAIT)
          .until(
              () ->
                  h.get(name).getStatus() != null && h.get(name).getStatus().phase().isTerminal());
      WorkflowExecution done = h.get(name);
      NodeStatus sub = nodeOf(done, "sub");
      if (sub.phase() == NodePhase.Succeeded) {
        assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Succeeded);
      } else {
        assertThat(sub.reason()).isEqualTo(Reason.ChildDeadline);
        assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
      }
    }
    assertThat(h.operator.refusedTransitions()).isZero();
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void deletingTheParentDeletesItsChildren() {
    h.jobs.setScript(Script.succeedAll().on("hold", Behaviour.runForever()));
    workflow("hold-wf", node("hold"));
    h.create(execution("parent-del").nodes(node("sub").child("hold-wf")).build());
    await().atMost(OperatorHarness.WAIT).until(() -> h.get("parent-del-sub-1") != null);

    h.client.resources(WorkflowExecution.class).withName("parent-del").delete();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.get("parent-del") == null && h.get("parent-del-sub-1") == null);
    await().atMost(OperatorHarness.WAIT).until(() -> h.jobsOf("parent-del-sub-1").isEmpty());
    h.jobs.setScript(Script.succeedAll());
  }

  @Test
  void workflowsReferringToEachOtherAreRejectedAsACycle() {
    workflow("loop-a", node("go").child("loop-b"));
    workflow("loop-b", node("back").child("loop-a"));
    h.create(execution("loop").workflowRef("loop-a").build());

    WorkflowExecution done = h.awaitPhase("loop", ExecutionPhase.Failed);

    WorkflowExecution inner = h.get("loop-go-1");
    assertThat(nodeOf(inner, "back").reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(nodeOf(inner, "back").message())
        .contains("workflow cycle: loop-a -> loop-b -> loop-a");
    assertThat(nodeOf(done, "go").reason()).isEqualTo(Reason.ChildFailed);
  }

  @Test
  void inlineChildWorkflowRuns() {
    h.create(
        execution("parent-inline")
            .nodes(node("sub").inlineChild(node("x"), node("y").dependsOn("x")))
            .build());

    WorkflowExecution done = h.awaitPhase("parent-inline", ExecutionPhase.Succeeded);

    WorkflowExecution child = h.get("parent-inline-sub-1");
    assertThat(child.getSpec().workflow().nodes()).hasSize(2);
    assertThat(child.getStatus().phase()).isEqualTo(ExecutionPhase.Succeeded);
    assertThat(nodeOf(done, "sub").outputPreview()).contains("y");
  }
}
