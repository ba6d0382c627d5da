package dev.terminus.operator.reconciler;

import static dev.terminus.operator.fixtures.NodeStatusBuilder.nodeStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.fixtures.NodeStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusChangesTest {

  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final String T1 = "2026-01-01T00:00:01Z";

  @Test
  void podScheduledAndStartedCanWait() {
    NodeStatus pending = underway(NodePhase.Pending, Reason.ContainerCreating, null, null);
    NodeStatus withPod = underway(NodePhase.Pending, Reason.ContainerCreating, "pod-1", null);
    NodeStatus running = underway(NodePhase.Running, Reason.Started, "pod-1", T1);
    assertThat(StatusChanges.canWait(status("0/2", pending), status("0/2", withPod))).isTrue();
    assertThat(StatusChanges.canWait(status("0/2", withPod), status("0/2", running))).isTrue();
  }

  @Test
  void aSuccessThatStartsNothingCanWait() {
    NodeStatus running = underway(NodePhase.Running, Reason.Started, "pod-1", T1);
    NodeStatus succeeded = ended(running, NodePhase.Succeeded, Reason.Succeeded);
    assertThat(StatusChanges.canWait(status("0/2", running), status("1/2", succeeded))).isTrue();
  }

  @Test
  void aFailureCannotWait() {
    NodeStatus running = underway(NodePhase.Running, Reason.Started, "pod-1", T1);
    NodeStatus failed = ended(running, NodePhase.Failed, Reason.Error);
    assertThat(StatusChanges.canWait(status("0/2", running), status("0/2", failed))).isFalse();
  }

  @Test
  void aStartCannotWait() {
    NodeStatus waiting = nodeStatus("b").build();
    NodeStatus started = underway(NodePhase.Pending, Reason.ContainerCreating, null, null);
    assertThat(StatusChanges.canWait(status("0/2", waiting), status("0/2", started))).isFalse();
  }

  @Test
  void aWatchdogTimerCannotWait() {
    NodeStatus running = underway(NodePhase.Running, Reason.Started, "pod-1", T1);
    NodeStatus podMissing = NodeStatusBuilder.from(running).podMissingSince(T1).build();
    assertThat(StatusChanges.canWait(status("0/2", running), status("0/2", podMissing))).isFalse();
  }

  @Test
  void anExecutionPhaseChangeCannotWait() {
    NodeStatus running = underway(NodePhase.Running, Reason.Started, "pod-1", T1);
    WorkflowExecutionStatus before = status("0/2", running);
    WorkflowExecutionStatus after =
        new WorkflowExecutionStatus(
            ExecutionPhase.Failed,
            Reason.DeadlineExceeded,
            null,
            1L,
            T0,
            T1,
            "0/2",
            null,
            List.of(running),
            null,
            null,
            "inline");
    assertThat(StatusChanges.canWait(before, after)).isFalse();
  }

  @Test
  void noChangeAndFirstStatusAreNotWaitingWrites() {
    NodeStatus running = underway(NodePhase.Running, Reason.Started, "pod-1", T1);
    assertThat(StatusChanges.canWait(status("0/2", running), status("0/2", running))).isFalse();
    assertThat(StatusChanges.canWait(null, status("0/2", running))).isFalse();
  }

  private static NodeStatus underway(NodePhase phase, Reason reason, String pod, String running) {
    return nodeStatus("a")
        .phase(phase, reason)
        .attempt(1, "wfx-a-1")
        .pod(pod)
        .startedAt(T0)
        .runningAt(running)
        .build();
  }

  private static NodeStatus ended(NodeStatus n, NodePhase phase, Reason reason) {
    return NodeStatusBuilder.from(n)
        .phase(phase, reason)
        .message("done")
        .exitCode(0)
        .finishedAt(T1)
        .output("out")
        .build();
  }

  private static WorkflowExecutionStatus status(String progress, NodeStatus node) {
    return new WorkflowExecutionStatus(
        ExecutionPhase.Running,
        Reason.Started,
        null,
        1L,
        T0,
        null,
        progress,
        null,
        List.of(node),
        null,
        null,
        "inline");
  }
}
