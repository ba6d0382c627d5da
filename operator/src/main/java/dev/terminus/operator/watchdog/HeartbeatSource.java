package dev.terminus.operator.watchdog;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Where the HeartbeatStale rule reads the last heartbeat of each running Job. The worker issue
 * wires Redis; without a source, nodes that declare heartbeatTimeoutSeconds are judged from the
 * time their Pod started running, so they still cannot run unobserved forever.
 */
public interface HeartbeatSource {
  /** Last heartbeat per Job name, for the Jobs that have one. Never throws. */
  Map<String, Instant> lastBeats(String namespace, Set<String> jobNames);

  HeartbeatSource NONE = (namespace, jobs) -> Map.of();
}
