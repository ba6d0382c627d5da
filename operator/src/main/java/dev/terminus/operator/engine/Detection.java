package dev.terminus.operator.engine;

import java.time.Instant;

/**
 * One firing of a watchdog rule.
 *
 * @param rule the rule
 * @param node the node concerned, or null for the execution
 * @param message what was detected, for people
 * @param due when the condition became true (a deadline, a timeout), or null when it cannot be
 *     known (a Job that vanished): detection latency is measured from it
 */
public record Detection(WatchdogRule rule, String node, String message, Instant due) {}
