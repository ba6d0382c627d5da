package dev.terminus.operator.reconciler;

import static dev.terminus.operator.fixtures.NodeStatusBuilder.nodeStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredWritesTest {

  private static final ResourceID WFX = new ResourceID("wfx", "default");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final DeferredWrites writes = new DeferredWrites();
  private final WorkflowExecutionStatus pending =
      status(NodePhase.Pending, Reason.ContainerCreating);
  private final WorkflowExecutionStatus running = status(NodePhase.Running, Reason.Started);
  private final WorkflowExecutionStatus failed = status(NodePhase.Failed, Reason.Error);

  @Test
  void progressWaitsUntilTheIntervalAfterThePreviousWrite() {
    writes.written(WFX, T0);
    assertThat(writes.holdUntil(WFX, pending, running, T0.plusSeconds(1)))
        .contains(T0.plus(DeferredWrites.INTERVAL));
    assertThat(writes.holdUntil(WFX, pending, running, T0.plus(DeferredWrites.INTERVAL))).isEmpty();
  }

  @Test
  void whatCannotWaitIsNeverHeld() {
    writes.written(WFX, T0);
    assertThat(writes.holdUntil(WFX, running, failed, T0.plusMillis(1))).isEmpty();
  }

  @Test
  void withoutAPreviousWriteKnownNothingIsHeld() {
    assertThat(writes.holdUntil(WFX, pending, running, T0)).isEmpty();
    writes.written(WFX, T0);
    writes.forget(WFX);
    assertThat(writes.holdUntil(WFX, pending, running, T0)).isEmpty();
  }

  @Test
  void oldEntriesArePrunedOnceThereAreMany() {
    for (int i = 0; i < 2000; i++) {
      writes.written(new ResourceID("wfx-" + i, "default"), T0);
    }
    Instant later = T0.plus(DeferredWrites.INTERVAL).plusSeconds(1);
    writes.written(WFX, later);
    assertThat(writes.holdUntil(new ResourceID("wfx-1", "default"), pending, running, later))
        .isEmpty();
    assertThat(writes.holdUntil(WFX, pending, running, later.plusMillis(1))).isPresent();
  }

  private static WorkflowExecutionStatus status(NodePhase phase, Reason reason) {
    NodeStatus node =
        nodeStatus("a")
            .phase(phase, reason)
            .attempt(1, "wfx-a-1")
            .startedAt("2026-01-01T00:00:00Z")
            .build();
    return new WorkflowExecutionStatus(
        ExecutionPhase.Running,
        Reason.Started,
        null,
        1L,
        "2026-01-01T00:00:00Z",
        null,
        "0/1",
        null,
        List.of(node),
        null,
        null,
        "inline");
  }
}
