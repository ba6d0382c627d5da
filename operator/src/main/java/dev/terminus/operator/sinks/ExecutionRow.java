package dev.terminus.operator.sinks;

import java.time.Instant;

/**
 * One execution as a status write left it: the columns of the {@code executions} table and the live
 * state in Redis.
 *
 * @param resourceVersionNum the resourceVersion as a number, null when it is not one
 * @param specJson the spec as JSON
 * @param statusJson the whole status as JSON
 */
public record ExecutionRow(
    String uid,
    String namespace,
    String name,
    String workflowSource,
    String phase,
    String reason,
    String message,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String progress,
    Long usageTokens,
    Long usageCostMicros,
    Long generation,
    Long observedGeneration,
    String resourceVersion,
    Long resourceVersionNum,
    String specJson,
    String statusJson) {

  public boolean isTerminal() {
    return phase != null
        && (phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Cancelled"));
  }
}
