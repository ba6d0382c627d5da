package dev.terminus.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.operator.engine.Transition;
import org.junit.jupiter.api.Test;

/** Which transitions cost an Event write: those a person acts on or waits for. */
class EventPolicyTest {

  @Test
  void executionStartIsNotAnEventItsEndIs() {
    assertThat(event(new Transition(null, "Pending", "Running", Reason.Started, null, false)))
        .isFalse();
    assertThat(event(new Transition(null, "Running", "Succeeded", Reason.Succeeded, null, false)))
        .isTrue();
    assertThat(event(new Transition(null, "Running", "Failed", Reason.NodeFailed, "node a", true)))
        .isTrue();
  }

  @Test
  void nodeProgressIsNotAnEventItsFailuresAndApprovalsAre() {
    assertThat(event(new Transition("a", "Pending", "Running", Reason.Started, null, false)))
        .isFalse();
    assertThat(event(new Transition("a", "Running", "Succeeded", Reason.Succeeded, null, false)))
        .isFalse();
    assertThat(event(new Transition("a", "Running", "Failed", Reason.Error, "exit 1", true)))
        .isTrue();
    assertThat(
            event(
                new Transition(
                    "gate", "Pending", "Pending", Reason.WaitingForApproval, null, false)))
        .isTrue();
  }

  private static boolean event(Transition t) {
    return WorkflowExecutionReconciler.isRecordedAsEvent(t);
  }
}
