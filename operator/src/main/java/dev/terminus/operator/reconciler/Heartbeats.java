package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.watchdog.HeartbeatSource;
import dev.terminus.protocol.RedisKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the heartbeats of the running nodes that declare heartbeatTimeoutSeconds, keyed by their
 * Job names for the engine. Nodes that declare none cost nothing.
 */
final class Heartbeats {
  private Heartbeats() {}

  /**
   * @return last heartbeat per Job name, or null when the source cannot be read now
   */
  static Map<String, Instant> of(WorkflowExecution wfx, HeartbeatSource source) {
    WorkflowExecutionStatus status = wfx.getStatus();
    if (status == null || status.workflow() == null || status.nodes() == null) {
      return Map.of();
    }
    Set<String> declaring =
        status.workflow().nodesOrEmpty().stream()
            .filter(n -> n.heartbeatTimeoutSeconds() != null)
            .map(NodeSpec::name)
            .collect(Collectors.toSet());
    Map<String, String> jobByKey = new HashMap<>();
    for (NodeStatus n : status.nodes()) {
      if (declaring.contains(n.name()) && !n.isTerminal() && n.job() != null) {
        jobByKey.put(
            RedisKeys.heartbeat(wfx.getMetadata().getUid(), n.name(), n.attemptsOrZero()), n.job());
      }
    }
    if (jobByKey.isEmpty()) {
      return Map.of();
    }
    Optional<Map<String, Instant>> beats = source.lastBeats(jobByKey.keySet());
    if (beats.isEmpty()) {
      return null;
    }
    Map<String, Instant> byJob = new HashMap<>();
    beats.get().forEach((key, at) -> byJob.put(jobByKey.get(key), at));
    return byJob;
  }
}
