package dev.terminus.operator.engine;

import java.time.Duration;

/**
 * Bounds the engine applies where a spec is silent. Every wait in Terminus is bounded by one of
 * these or by a field of the spec.
 *
 * @param workflowNotFoundTimeout how long an execution waits Pending for a missing Workflow
 * @param deadlineGrace how long past a node's activeDeadlineSeconds the Job controller gets before
 *     the watchdog deletes the Job itself
 * @param defaultPendingTimeout how long a Pod may stay pending when the node sets no bound
 * @param podLostGrace how long an active Job may lack the Pod it had before the node is Lost
 * @param maxDepth how deep child executions may nest
 * @param historyLimit how many finished attempts each node keeps in status
 * @param outputPreviewChars how much of a node's output the status keeps
 * @param messageChars how long a status message may be
 */
public record EngineConfig(
    Duration workflowNotFoundTimeout,
    Duration deadlineGrace,
    Duration defaultPendingTimeout,
    Duration podLostGrace,
    int maxDepth,
    int historyLimit,
    int outputPreviewChars,
    int messageChars) {

  public static EngineConfig defaults() {
    return new EngineConfig(
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        Duration.ofSeconds(60),
        5,
        5,
        256,
        1024);
  }

  /**
   * Bytes of per-node detail (messages, output previews, attempt history) the status may hold in
   * all. Large executions get less detail per node, so that a 500-node status stays far below
   * etcd's 1.5 MiB object limit; the full values live in Events and the stores.
   */
  static final int NODE_DETAIL_BUDGET = 96 * 1024;

  /** This configuration with per-node detail scaled down to fit {@code nodes} nodes. */
  public EngineConfig forNodes(int nodes) {
    int perNode = NODE_DETAIL_BUDGET / Math.max(1, nodes);
    return new EngineConfig(
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultPendingTimeout,
        podLostGrace,
        maxDepth,
        Math.min(historyLimit, Math.max(0, (perNode - 256) / 160)),
        Math.min(outputPreviewChars, Math.max(24, perNode / 6)),
        Math.min(messageChars, Math.max(48, perNode / 3)));
  }
}
