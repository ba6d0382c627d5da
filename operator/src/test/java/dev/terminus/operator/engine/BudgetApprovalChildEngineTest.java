package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ApprovalTimeout;
import dev.terminus.crd.v1alpha1.Budget;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The three 0%-coverage rows of the diagnostic (budget enforcement, confirmation-task expiry,
 * child-execution timeout) and M2's child race, decided in the pure engine.
 */
class BudgetApprovalChildEngineTest {

  private static AttemptOutcome usage(long tokens) {
    return new AttemptOutcome(
        AttemptOutcome.Kind.SUCCEEDED,
        null,
        0,
        null,
        "pod",
        "{\"status\":\"succeeded\",\"output\":\"x\",\"usage\":{\"tokens\":" + tokens + "}}",
        null,
        null);
  }

  @Test
  void budgetEnforcement_usageCrossingMaxTokensStopsTheExecution() {
    EngineDriver e =
        new EngineDriver(
            execution("x")
                .nodes(node("a"), node("b"), node("c").dependsOn("a"))
                .budget(new Budget(100L, null, null))
                .spec());
    e.step();
    e.set("b", e.running());
    e.set("a", usage(150));
    e.step();

    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.BudgetExceeded);
    assertThat(e.status.message()).contains("maxTokens 100", "150");
    assertThat(e.node("b").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("b").reason()).isEqualTo(Reason.BudgetExceeded);
    assertThat(e.node("c").phase()).isEqualTo(NodePhase.Skipped);
    assertThat(e.jobs).doesNotContainKey("wfx-b-1").doesNotContainKey("wfx-c-1");
    assertThat(e.status.usage().tokens()).isEqualTo(150);
  }

  @Test
  void budgetEnforcement_noAttemptStartsBeyondMaxNodeAttempts() {
    EngineDriver e =
        new EngineDriver(
            execution("x")
                .nodes(node("a").retry(5, 0, FailureReason.Error), node("b").dependsOn("a"))
                .budget(new Budget(null, null, 2))
                .spec());
    e.step();
    e.set("a", e.failed(FailureReason.Error, 1, "flaky"));
    e.step();
    e.step();
    assertThat(e.jobs).containsKey("wfx-a-2");
    e.set("a", e.succeeded("ok"));
    e.step();

    assertThat(e.jobs).doesNotContainKey("wfx-b-1");
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.BudgetExceeded);
    assertThat(e.status.message()).contains("maxNodeAttempts 2", "2 attempts started");
  }

  @Test
  void budgetEnforcement_executionWithinBudgetSucceeds() {
    EngineDriver e =
        new EngineDriver(
            execution("x").nodes(node("a"), node("b")).budget(new Budget(100L, null, 2)).spec());
    e.step();
    e.set("a", usage(50));
    e.set("b", usage(50));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
  }

  @Test
  void approvalWaitsThenProceedsWhenApproved() {
    EngineDriver e =
        new EngineDriver(
            execution("x")
                .nodes(node("review").approval(3600), node("ship").dependsOn("review"))
                .spec());
    e.step();
    assertThat(e.node("review").phase()).isEqualTo(NodePhase.Running);
    assertThat(e.status.reason()).isEqualTo(Reason.WaitingForApproval);
    assertThat(e.jobs).isEmpty();
    assertThat(e.last.transitions())
        .anySatisfy(t -> assertThat(t.reason()).isEqualTo(Reason.WaitingForApproval));

    e.spec =
        execution("x")
            .nodes(node("review").approval(3600), node("ship").dependsOn("review"))
            .approve("review", "alice")
            .spec();
    e.advance(Duration.ofSeconds(5));
    e.step();

    assertThat(e.node("review").phase()).isEqualTo(NodePhase.Succeeded);
    assertThat(e.node("review").reason()).isEqualTo(Reason.Approved);
    assertThat(e.node("review").message()).isEqualTo("approved by alice");
    assertThat(e.node("review").finishedAt()).isEqualTo(Texts.time(e.now));
    assertThat(e.jobs).containsKey("wfx-ship-1");
  }

  @Test
  void rejectionFailsTheNodeRejected() {
    EngineDriver e =
        new EngineDriver(
            execution("x")
                .nodes(node("review").approval(3600))
                .reject("review", "bob", "not today")
                .spec());
    e.step();
    e.step();
    assertThat(e.node("review").reason()).isEqualTo(Reason.Rejected);
    assertThat(e.node("review").message()).isEqualTo("rejected by bob: not today");
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
  }

  @Test
  void confirmationExpiry_approvalWithoutDecisionExpires() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("review").approval(60)).spec());
    e.step();
    assertThat(e.last.wakeAt()).contains(e.now.plusSeconds(60));
    e.advance(Duration.ofSeconds(60));
    e.step();
    assertThat(e.node("review").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("review").reason()).isEqualTo(Reason.ApprovalExpired);
    assertThat(e.last.detections())
        .extracting(Detection::rule)
        .containsExactly(WatchdogRule.ApprovalExpired);
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
  }

  @Test
  void confirmationExpiry_defaultDecisionApproveIsTaken() {
    EngineDriver e =
        new EngineDriver(
            execution("x")
                .nodes(node("review").approval(60).onTimeout(ApprovalTimeout.Approve))
                .spec());
    e.step();
    e.advance(Duration.ofSeconds(61));
    e.step();
    assertThat(e.node("review").phase()).isEqualTo(NodePhase.Succeeded);
    assertThat(e.node("review").reason()).isEqualTo(Reason.ApprovalExpired);
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
  }

  @Test
  void childExecutionTimeout_childPastTheNodeDeadlineIsCancelledAndTheNodeFails() {
    EngineDriver e =
        new EngineDriver(execution("x").nodes(node("sub").child("summarize").deadline(30)).spec());
    e.step();
    assertThat(e.children).containsKey("wfx-sub-1");
    e.children.put("wfx-sub-1", e.running());
    e.step();
    e.advance(Duration.ofSeconds(30));
    e.step();

    assertThat(e.node("sub").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("sub").reason()).isEqualTo(Reason.ChildDeadline);
    assertThat(e.last.actions()).contains(new JobAction.CancelChild("wfx-sub-1", "ChildDeadline"));
    assertThat(e.last.detections())
        .extracting(Detection::rule)
        .contains(WatchdogRule.ChildDeadline);
  }

  /** M2: the child finishing and the deadline firing, in any order: exactly one outcome. */
  @Test
  void M2_childCompletionRacingItsDeadlineRecordsExactlyOneOutcome() {
    Random random = new Random(42);
    for (int run = 0; run < 500; run++) {
      EngineDriver e =
          new EngineDriver(execution("x").nodes(node("sub").child("w").deadline(10)).spec());
      e.step();
      e.children.put("wfx-sub-1", e.running());
      e.step();
      boolean childFirst = random.nextBoolean();
      boolean sameReconcile = random.nextBoolean();
      if (childFirst || sameReconcile) {
        e.children.put("wfx-sub-1", e.succeeded("out"));
      }
      if (!childFirst || sameReconcile) {
        e.advance(Duration.ofSeconds(10));
      }
      e.step();
      NodePhase decided = e.node("sub").phase();
      // Whatever arrives later changes nothing.
      e.children.put("wfx-sub-1", e.succeeded("late"));
      e.advance(Duration.ofSeconds(10));
      e.step();
      e.step();
      assertThat(decided).isIn(NodePhase.Succeeded, NodePhase.Failed);
      assertThat(e.node("sub").phase()).isEqualTo(decided);
      assertThat(e.status.phase())
          .isEqualTo(
              decided == NodePhase.Succeeded ? ExecutionPhase.Succeeded : ExecutionPhase.Failed);
      assertThat(e.refusals).isEmpty();
    }
  }

  @Test
  void childOfAWorkflowItDescendsFromIsRejectedAsACycle() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("sub").child("a")).spec());
    e.lineage = List.of("a", "b");
    e.step();
    assertThat(e.node("sub").reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(e.node("sub").message()).isEqualTo("workflow cycle: a -> b -> a");
    assertThat(e.children).isEmpty();
  }

  @Test
  void childrenNestNoDeeperThanTheLimit() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("sub").child("f")).spec());
    e.lineage = List.of("a", "b", "c", "d", "e");
    e.step();
    assertThat(e.node("sub").reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(e.node("sub").message()).contains("limit is 5");
  }

  @Test
  void cancellingTheParentCancelsItsChildren() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("sub").child("w")).spec());
    e.step();
    e.children.put("wfx-sub-1", e.running());
    e.step();
    e.spec = execution("x").nodes(node("sub").child("w")).cancel(true).spec();
    e.step();
    assertThat(e.last.actions())
        .containsExactly(new JobAction.CancelChild("wfx-sub-1", "Cancelled"));
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Cancelled);
  }

  @Test
  void childOutputsAndUsageBecomeTheNodes() {
    EngineDriver e =
        new EngineDriver(
            execution("x").nodes(node("sub").child("w"), node("after").dependsOn("sub")).spec());
    e.step();
    e.children.put("wfx-sub-1", usage(7));
    e.step();
    assertThat(e.node("sub").phase()).isEqualTo(NodePhase.Succeeded);
    assertThat(e.node("sub").usage().tokens()).isEqualTo(7);
    assertThat(e.jobs).containsKey("wfx-after-1");
  }
}
