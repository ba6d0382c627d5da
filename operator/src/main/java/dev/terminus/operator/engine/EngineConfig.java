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
 * @param historyLimit how many finished attempts each node keeps in status
 * @param outputPreviewChars how much of a node's output the status keeps
 * @param messageChars how long a status message may be
 */
public record EngineConfig(
    Duration workflowNotFoundTimeout,
    Duration deadlineGrace,
    Duration defaultPendingTimeout,
    int historyLimit,
    int outputPreviewChars,
    int messageChars) {

  public static EngineConfig defaults() {
    return new EngineConfig(
        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(10), 5, 256, 1024);
  }

  public EngineConfig withWorkflowNotFoundTimeout(Duration d) {
    return new EngineConfig(
        d, deadlineGrace, defaultPendingTimeout, historyLimit, outputPreviewChars, messageChars);
  }

  public EngineConfig withDeadlineGrace(Duration d) {
    return new EngineConfig(
        workflowNotFoundTimeout,
        d,
        defaultPendingTimeout,
        historyLimit,
        outputPreviewChars,
        messageChars);
  }
}
