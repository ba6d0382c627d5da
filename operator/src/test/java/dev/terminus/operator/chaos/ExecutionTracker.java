package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Watches the chaos executions as a user would: when each was created, when it was first seen
 * terminal, and whether anything that was terminal ever changed afterwards (terminal phases are
 * final, for executions and nodes alike).
 */
final class ExecutionTracker implements AutoCloseable {

  private final SharedIndexInformer<WorkflowExecution> informer;
  private final Map<String, Instant> createdAt = new ConcurrentHashMap<>();
  private final Map<String, Instant> terminalAt = new ConcurrentHashMap<>();
  private final Map<String, String> finalSnapshots = new ConcurrentHashMap<>();
  private final Map<String, String> finalNodeSnapshots = new ConcurrentHashMap<>();
  private final List<String> finalityViolations = new ArrayList<>();

  private ExecutionTracker(KubernetesClient client, String namespace) {
    informer =
        client.resources(WorkflowExecution.class).inNamespace(namespace).inform(handler(), 0);
  }

  static ExecutionTracker start(KubernetesClient client, String namespace) {
    return new ExecutionTracker(client, namespace);
  }

  /** Records that the test created {@code name} now; its bound counts from here. */
  void created(String name) {
    createdAt.put(name, Instant.now());
  }

  Instant createdAt(String name) {
    return createdAt.get(name);
  }

  Optional<Instant> terminalAt(String name) {
    return Optional.ofNullable(terminalAt.get(name));
  }

  /** Names of the created executions not yet seen terminal. */
  List<String> live() {
    return createdAt.keySet().stream().filter(n -> !terminalAt.containsKey(n)).sorted().toList();
  }

  boolean allTerminal() {
    return terminalAt.keySet().containsAll(createdAt.keySet());
  }

  synchronized List<String> finalityViolations() {
    return List.copyOf(finalityViolations);
  }

  @Override
  public void close() {
    informer.close();
  }

  private void seen(WorkflowExecution wfx) {
    WorkflowExecutionStatus status = wfx.getStatus();
    if (status == null || status.phase() == null) {
      return;
    }
    String name = wfx.getMetadata().getName();
    checkFinalNodes(name, status);
    if (status.phase().isTerminal()) {
      terminalAt.putIfAbsent(name, Instant.now());
      checkFinal(name, status.phase() + "/" + status.reason());
    } else if (finalSnapshots.containsKey(name)) {
      violation(name + " was " + finalSnapshots.get(name) + ", then " + status.phase());
    }
  }

  /** A node seen in a terminal phase keeps that phase and reason. */
  private void checkFinalNodes(String name, WorkflowExecutionStatus status) {
    for (NodeStatus node : nodesOf(status)) {
      String key = name + "/" + node.name();
      String now = node.phase() + "/" + node.reason();
      String before = finalNodeSnapshots.get(key);
      if (before != null && !before.equals(now)) {
        violation("node " + key + " was " + before + ", then " + now);
      } else if (node.isTerminal()) {
        finalNodeSnapshots.putIfAbsent(key, now);
      }
    }
  }

  /** An execution seen terminal keeps its phase and reason. */
  private void checkFinal(String name, String now) {
    String before = finalSnapshots.putIfAbsent(name, now);
    if (before != null && !before.equals(now)) {
      violation(name + " was " + before + ", then " + now);
    }
  }

  private synchronized void violation(String text) {
    finalityViolations.add(text);
  }

  private static List<NodeStatus> nodesOf(WorkflowExecutionStatus status) {
    return status.nodes() == null ? List.of() : status.nodes();
  }

  /** For failure messages: each node as {@code name=Phase/Reason#attempts}. */
  static String describeNodes(WorkflowExecutionStatus status) {
    return nodesOf(status).stream()
        .map(n -> n.name() + "=" + n.phase() + "/" + n.reason() + "#" + n.attemptsOrZero())
        .collect(Collectors.joining(", "));
  }

  static boolean isTerminal(WorkflowExecution wfx) {
    ExecutionPhase phase = wfx == null || wfx.getStatus() == null ? null : wfx.getStatus().phase();
    return phase != null && phase.isTerminal();
  }

  private ResourceEventHandler<WorkflowExecution> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(WorkflowExecution wfx) {
        seen(wfx);
      }

      @Override
      public void onUpdate(WorkflowExecution before, WorkflowExecution after) {
        seen(after);
      }

      @Override
      public void onDelete(WorkflowExecution wfx, boolean finalStateUnknown) {
        // Chaos executions are never deleted.
      }
    };
  }
}
