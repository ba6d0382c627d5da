package dev.terminus.operator.watchdog;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where the HeartbeatStale rule reads the last heartbeat of running nodes: Redis, where the
 * reference worker refreshes {@link dev.terminus.protocol.RedisKeys#heartbeat}. A node without a
 * beat yet is judged from the time its Pod started running. Where nodes cannot be given a heartbeat
 * channel at all ({@link #UNAVAILABLE}), no node is judged by this rule: failing healthy nodes at
 * their heartbeat timeout would be wrong, and every node's deadline still bounds it.
 */
public interface HeartbeatSource {

  /**
   * The last heartbeat of each key that has one.
   *
   * @return empty when the source cannot be read now (the rule then waits rather than failing nodes
   *     for the source's outage); never throws
   */
  Optional<Map<String, Instant>> lastBeats(Collection<String> keys);

  /** A channel on which no node has beaten (tests: workers that never heartbeat). */
  HeartbeatSource NONE = keys -> Optional.of(Map.of());

  /** No channel reaches the nodes: heartbeats are never known, so never judged stale. */
  HeartbeatSource UNAVAILABLE = keys -> Optional.empty();
}
