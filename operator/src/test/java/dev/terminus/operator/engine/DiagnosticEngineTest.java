package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Diagnostic items decided inside the pure engine. */
class DiagnosticEngineTest {

  @Test
  void M1_illegalTransitionsAreRefused() {
    assertThat(PhaseMachine.allowed(ExecutionPhase.Succeeded, ExecutionPhase.Running)).isFalse();
    assertThat(PhaseMachine.allowed(ExecutionPhase.Failed, ExecutionPhase.Succeeded)).isFalse();
    assertThat(PhaseMachine.allowed(ExecutionPhase.Cancelled, ExecutionPhase.Failed)).isFalse();
    assertThat(PhaseMachine.allowed(NodePhase.Succeeded, NodePhase.Failed)).isFalse();
    assertThat(PhaseMachine.allowed(NodePhase.Skipped, NodePhase.Running)).isFalse();
    assertThat(PhaseMachine.allowed(ExecutionPhase.Running, ExecutionPhase.Succeeded)).isTrue();
    assertThat(PhaseMachine.allowed(NodePhase.Running, NodePhase.Pending)).isTrue();
  }

  @Test
  void M1_aRefusedNodeTransitionIsReportedAndNotApplied() {
    var refused = new java.util.ArrayList<String>();
    NodeDraft draft = new NodeDraft(node("a").build(), null);
    draft.phase = NodePhase.Succeeded;
    boolean moved =
        draft.moveTo(NodePhase.Failed, null, null, (s, f, t) -> refused.add(f + "->" + t));
    assertThat(moved).isFalse();
    assertThat(draft.phase).isEqualTo(NodePhase.Succeeded);
    assertThat(refused).containsExactly("Succeeded->Failed");
  }

  /** M2: cancel arriving with the last success resolves to exactly one outcome, and stays. */
  @Test
  void M2_cancelRacingCompletionEndsInExactlyOneTerminalState() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set("a", e.succeeded("done"));
    e.spec = execution("x").nodes(node("a")).cancel(true).spec();
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
    assertThat(e.refusals).isEmpty();
  }

  @Test
  void M2_deadlineRacingSuccessEndsInExactlyOneTerminalState() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).deadline(10).spec());
    e.step();
    e.set("a", e.succeeded("done"));
    e.advance(Duration.ofSeconds(10));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
    e.advance(Duration.ofSeconds(100));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
  }

  @Test
  void M2_deadlineBeforeTheSuccessIsSeenWinsAndTheLateSuccessChangesNothing() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).deadline(10).spec());
    e.step();
    e.advance(Duration.ofSeconds(10));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    e.jobs.put("wfx-a-1", e.succeeded("late"));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
  }

  /** C2/C3/M3: nothing is counted, so the same observation always gives the same status. */
  @Test
  void C2_C3_M3_statusIsAFunctionOfWhatExistsNotOfHistory() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a"), node("b")).spec());
    e.step();
    e.set("a", e.succeeded(null));
    e.set("b", e.succeeded(null));
    var first = e.step().status();
    var replay = e.step().status();
    assertThat(replay).isEqualTo(first);
    assertThat(first.phase()).isEqualTo(ExecutionPhase.Succeeded);
  }
}
