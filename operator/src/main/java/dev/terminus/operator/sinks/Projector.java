package dev.terminus.operator.sinks;

import dev.terminus.crd.v1alpha1.AttemptStatus;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Usage;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.Texts;
import dev.terminus.operator.engine.Transition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives rows and events from a written execution. Pure: the same resource and transitions give
 * the same projection, which is what makes re-sending a projection safe.
 */
public final class Projector {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Projector() {}

  /** Everything the history keeps: the row with its spec and status, attempts, transitions. */
  public static ProjectedWrite project(
      WorkflowExecution execution, List<Transition> transitions, Instant at) {
    ExecutionRow row = execution(execution, true);
    return new ProjectedWrite(
        row, attempts(execution.getStatus()), transitions(row, transitions, at));
  }

  /**
   * What live events need: the row without its JSON documents, and no attempts. Cheaper to make and
   * to hold while Redis is down.
   */
  public static ProjectedWrite projectLive(
      WorkflowExecution execution, List<Transition> transitions, Instant at) {
    ExecutionRow row = execution(execution, false);
    return new ProjectedWrite(row, List.of(), transitions(row, transitions, at));
  }

  static ExecutionRow execution(WorkflowExecution execution, boolean withDocuments) {
    ObjectMeta meta = execution.getMetadata();
    WorkflowExecutionStatus status = execution.getStatus();
    boolean has = status != null;
    Usage usage = has ? status.usage() : null;
    return new ExecutionRow(
        meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        has ? status.workflowSource() : null,
        has && status.phase() != null ? status.phase().name() : null,
        has && status.reason() != null ? status.reason().name() : null,
        has ? status.message() : null,
        Texts.parseTime(meta.getCreationTimestamp()),
        has ? Texts.parseTime(status.startedAt()) : null,
        has ? Texts.parseTime(status.finishedAt()) : null,
        has ? status.progress() : null,
        usage == null ? null : usage.tokens(),
        usage == null ? null : usage.costMicros(),
        meta.getGeneration(),
        has ? status.observedGeneration() : null,
        meta.getResourceVersion(),
        ResourceVersions.numeric(meta.getResourceVersion()),
        withDocuments && execution.getSpec() != null ? JSON.asJson(execution.getSpec()) : null,
        withDocuments && has ? JSON.asJson(status) : null);
  }

  /**
   * Earlier attempts come from the node's capped history; the current attempt from the node itself,
   * unless the history already holds it (a failed attempt waiting for its retry).
   */
  static List<AttemptRow> attempts(WorkflowExecutionStatus status) {
    List<AttemptRow> rows = new ArrayList<>();
    if (status == null || status.nodes() == null) {
      return rows;
    }
    for (NodeStatus node : status.nodes()) {
      Set<Integer> recorded = new HashSet<>();
      if (node.history() != null) {
        for (AttemptStatus a : node.history()) {
          if (a.attempt() != null && recorded.add(a.attempt())) {
            rows.add(earlier(node.name(), a));
          }
        }
      }
      if (node.attemptsOrZero() > 0 && !recorded.contains(node.attemptsOrZero())) {
        rows.add(current(node));
      }
    }
    return rows;
  }

  private static AttemptRow earlier(String node, AttemptStatus a) {
    return new AttemptRow(
        node,
        a.attempt(),
        a.job(),
        a.pod(),
        a.phase() == null ? null : a.phase().name(),
        a.reason() == null ? null : a.reason().name(),
        a.exitCode(),
        Texts.parseTime(a.startedAt()),
        Texts.parseTime(a.finishedAt()));
  }

  private static AttemptRow current(NodeStatus n) {
    return new AttemptRow(
        n.name(),
        n.attemptsOrZero(),
        n.job(),
        n.pod(),
        n.phase() == null ? null : n.phase().name(),
        n.reason() == null ? null : n.reason().name(),
        n.exitCode(),
        Texts.parseTime(n.startedAt()),
        n.isTerminal() ? Texts.parseTime(n.finishedAt()) : null);
  }

  static List<TransitionRow> transitions(
      ExecutionRow row, List<Transition> transitions, Instant at) {
    List<TransitionRow> rows = new ArrayList<>(transitions.size());
    for (int i = 0; i < transitions.size(); i++) {
      Transition t = transitions.get(i);
      rows.add(
          new TransitionRow(
              row.uid(),
              row.namespace(),
              row.name(),
              row.resourceVersion(),
              row.resourceVersionNum(),
              i,
              t.node(),
              t.from(),
              t.to(),
              t.reason() == null ? null : t.reason().name(),
              t.message(),
              at));
    }
    return rows;
  }
}
