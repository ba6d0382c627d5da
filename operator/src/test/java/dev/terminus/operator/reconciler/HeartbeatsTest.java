package dev.terminus.operator.reconciler;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static dev.terminus.operator.fixtures.NodeStatusBuilder.nodeStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.fixtures.ExecutionBuilder;
import dev.terminus.operator.watchdog.HeartbeatSource;
import dev.terminus.protocol.RedisKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which heartbeat keys the operator reads for an execution's running nodes. */
class HeartbeatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sameNamedExecutionsOfTwoNamespacesEachReadOnlyTheirOwnBeat() {
    Instant beatA = Instant.ofEpochMilli(1_795_000_000_000L);
    Instant beatB = beatA.plusSeconds(60);
    Map<String, Instant> redis =
        Map.of(
            RedisKeys.heartbeat("uid-a", "hold", 1), beatA,
            RedisKeys.heartbeat("uid-b", "hold", 1), beatB);
    HeartbeatSource source =
        keys -> {
          Map<String, Instant> found = new HashMap<>();
          keys.forEach(k -> Optional.ofNullable(redis.get(k)).ifPresent(at -> found.put(k, at)));
          return Optional.of(found);
        };

    assertThat(Heartbeats.of(running("team-a", "uid-a"), source))
        .containsExactlyEntriesOf(Map.of("wfx-hold-1", beatA));
    assertThat(Heartbeats.of(running("team-b", "uid-b"), source))
        .containsExactlyEntriesOf(Map.of("wfx-hold-1", beatB));
    // A third of that name, which has not beaten yet, is not kept alive by either.
    assertThat(Heartbeats.of(running("team-c", "uid-c"), source)).isEmpty();
  }

  /** Execution "wfx" whose node "hold" runs its first attempt and declares a heartbeat. */
  private static WorkflowExecution running(String namespace, String uid) {
    ExecutionBuilder x = execution("wfx").namespace(namespace).nodes(node("hold").heartbeat(30));
    WorkflowExecution wfx = x.build();
    wfx.getMetadata().setUid(uid);
    Map<String, Object> status =
        Map.of(
            "workflow",
            x.workflow(),
            "nodes",
            List.of(
                nodeStatus("hold")
                    .phase(NodePhase.Running, Reason.Started)
                    .attempt(1, "wfx-hold-1")
                    .build()));
    wfx.setStatus(JSON.convertValue(status, WorkflowExecutionStatus.class));
    return wfx;
  }
}
