package dev.terminus.embedded.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.terminus.cluster.kubectl.Kubectl;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Reads WorkflowExecutions the way a user does: {@code kubectl get wfx NAME -o json}. */
final class Executions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Executions() {}

  /**
   * The manifest of an execution named {@code name} of an inline workflow: {@code workflow} is the
   * YAML of its {@code spec.workflow} ({@code nodes:}, {@code defaults:}), not indented.
   */
  static String inline(String name, String workflow) {
    return """
        apiVersion: terminus.dev/v1alpha1
        kind: WorkflowExecution
        metadata:
          name: %s
        spec:
          workflow:
        %s"""
        .formatted(name, workflow.indent(4));
  }

  /** The execution's {@code status}. */
  static JsonNode status(Kubectl kubectl, String execution) {
    try {
      return JSON.readTree(kubectl.run("get", "wfx", execution, "-o", "json").ok().out())
          .path("status");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The execution's {@code metadata.uid}: what the worker's Redis keys are named by. */
  static String uid(Kubectl kubectl, String execution) {
    String uid =
        kubectl.run("get", "wfx", execution, "-o", "jsonpath={.metadata.uid}").ok().out().strip();
    if (uid.isEmpty()) {
      throw new IllegalStateException("execution " + execution + " has no uid");
    }
    return uid;
  }

  /** One node of a status. */
  static JsonNode node(JsonNode status, String name) {
    JsonNode node = nodeOrMissing(status, name);
    if (node.isMissingNode()) {
      throw new AssertionError("no node " + name + " in " + status);
    }
    return node;
  }

  private static JsonNode nodeOrMissing(JsonNode status, String name) {
    for (JsonNode node : status.path("nodes")) {
      if (name.equals(node.path("name").asText())) {
        return node;
      }
    }
    return MissingNode.getInstance();
  }

  /**
   * Polls {@code kubectl get wfx} (every half second) until the execution's phase is {@code phase},
   * or fails after {@code bound}; unlike {@code kubectl wait}, the bound may exceed kubectl's own
   * 60 s cap in {@link Kubectl}.
   *
   * @return the status in that phase
   */
  static JsonNode awaitPhase(Kubectl kubectl, String execution, String phase, Duration bound) {
    return await()
        .atMost(bound)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> status(kubectl, execution),
            status -> phase.equals(status.path("phase").asText()));
  }

  /** As {@link #awaitPhase}, for one node of the execution. */
  static JsonNode awaitNodePhase(
      Kubectl kubectl, String execution, String node, String phase, Duration bound) {
    return await()
        .atMost(bound)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> status(kubectl, execution),
            status -> phase.equals(nodeOrMissing(status, node).path("phase").asText()));
  }
}
