package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.Reason;

/**
 * A phase change decided in one evaluation, reported as a Kubernetes Event and a metric once the
 * status that holds it is persisted.
 *
 * @param node the node, or null for the execution itself
 * @param from previous phase name, or null when new
 * @param to new phase name
 * @param reason typed reason
 * @param message for people
 * @param warning true when a person may need to act (a failure)
 */
public record Transition(
    String node, String from, String to, Reason reason, String message, boolean warning) {}
