package dev.terminus.operator.engine;

/**
 * One firing of a watchdog rule.
 *
 * @param rule the rule
 * @param node the node concerned, or null for the execution
 * @param message what was detected, for people
 */
public record Detection(WatchdogRule rule, String node, String message) {}
