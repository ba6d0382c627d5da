package dev.terminus.operator.watchdog;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where the HeartbeatStale rule reads the last heartbeat of running nodes: Redis, where the
 * reference worker refreshes {@code terminus:heartbeat:<execution uid>:<node>:<attempt>}. Without a
 * source, nodes that declare heartbeatTimeoutSeconds are judged from the time their Pod started, so
 * they still cannot run unobserved forever.
 */
public interface HeartbeatSource {

  /**
   * The last heartbeat of each key that has one.
   *
   * @return empty when the source cannot be read now (the rule then waits rather than failing nodes
   *     for the source's outage); never throws
   */
  Optional<Map<String, Instant>> lastBeats(Collection<String> keys);

  /**
   * The key the worker refreshes for one node attempt. By uid (TERMINUS_EXECUTION_UID), not name: a
   * same-named execution in another namespace must not keep this one's node alive.
   */
  static String key(String executionUid, String node, int attempt) {
    return "terminus:heartbeat:" + executionUid + ":" + node + ":" + attempt;
  }

  HeartbeatSource NONE = keys -> Optional.of(Map.of());
}
