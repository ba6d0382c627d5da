package dev.terminus.operator.sinks;

import java.time.Instant;

/** One attempt of one node: a row of {@code node_attempts}. */
public record AttemptRow(
    String node,
    int attempt,
    String job,
    String pod,
    String phase,
    String reason,
    Integer exitCode,
    Instant startedAt,
    Instant finishedAt) {}
