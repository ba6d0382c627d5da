package dev.terminus.worker.result;

/**
 * What a node attempt consumed; either part may be null when unknown.
 *
 * @param tokens model tokens (prompt and completion)
 * @param costMicros cost in millionths of the billing currency
 */
public record Usage(Long tokens, Long costMicros) {}
