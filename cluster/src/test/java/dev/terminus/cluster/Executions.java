package dev.terminus.cluster;

import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the cluster suite does with executions: create, wait for a phase, read nodes, Jobs, Pods.
 */
final class Executions {
  static final String EXECUTION_LABEL = "terminus.dev/execution";
  private static final Set<ExecutionPhase> TERMINAL =
      Set.of(ExecutionPhase.Succeeded, ExecutionPhase.Failed, ExecutionPhase.Cancelled);

  private final KubernetesClient client;
  private final String namespace;

  Executions(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  String namespace() {
    return namespace;
  }

  WorkflowExecution create(WorkflowExecution execution) {
    execution.getMetadata().setNamespace(namespace);
    return client
        .resources(WorkflowExecution.class)
        .inNamespace(namespace)
        .resource(execution)
        .create();
  }

  /** An execution of the chain one -> two -> three. */
  WorkflowExecution createChain(String name) {
    return create(
        dev.terminus.operator.fixtures.ExecutionBuilder.execution(name)
            .nodes(
                dev.terminus.operator.fixtures.NodeBuilder.node("one"),
                dev.terminus.operator.fixtures.NodeBuilder.node("two").dependsOn("one"),
                dev.terminus.operator.fixtures.NodeBuilder.node("three").dependsOn("two"))
            .build());
  }

  WorkflowExecution get(String name) {
    return client.resources(WorkflowExecution.class).inNamespace(namespace).withName(name).get();
  }

  /** A JSON merge patch of the execution, as {@code kubectl patch --type merge} sends it. */
  WorkflowExecution mergePatch(String name, String patch) {
    return client
        .resources(WorkflowExecution.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            patch);
  }

  /** Waits at most {@code bound} for a terminal phase and returns the execution then. */
  WorkflowExecution awaitTerminal(String name, Duration bound) {
    return await("terminal phase of " + name)
        .atMost(bound)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> get(name),
            e -> e != null && e.getStatus() != null && TERMINAL.contains(e.getStatus().phase()));
  }

  /** Waits at most {@code bound} until node {@code node} has a Pod that is running. */
  Pod awaitRunningPod(String execution, String node, Duration bound) {
    return await("running Pod of " + execution + "/" + node)
        .atMost(bound)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                pods(execution).stream()
                    .filter(p -> node.equals(PodScripts.node(p)))
                    .filter(
                        p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                    .findFirst()
                    .orElse(null),
            p -> p != null);
  }

  static NodeStatus node(WorkflowExecution execution, String name) {
    return execution.getStatus().nodes().stream()
        .filter(n -> name.equals(n.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in status"));
  }

  List<Job> jobs(String execution) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel(EXECUTION_LABEL, execution)
        .list()
        .getItems();
  }

  List<Pod> pods(String execution) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(EXECUTION_LABEL, execution)
        .list()
        .getItems();
  }
}
