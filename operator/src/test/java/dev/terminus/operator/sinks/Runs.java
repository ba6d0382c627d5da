package dev.terminus.operator.sinks;

import static dev.terminus.operator.fixtures.NodeStatusBuilder.nodeStatus;

import dev.terminus.crd.v1alpha1.AttemptStatus;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Usage;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.Transition;
import dev.terminus.operator.fixtures.ExecutionBuilder;
import dev.terminus.operator.fixtures.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Status writes of an execution as the reconciler hands them to a sink: the written resource (uid,
 * resourceVersion, status) and the transitions it holds.
 */
public final class Runs {
  private Runs() {}

  /** One status write. */
  public record Write(WorkflowExecution execution, List<Transition> transitions) {
    public String resourceVersion() {
      return execution.getMetadata().getResourceVersion();
    }
  }

  /**
   * A diamond a → (b, c) → d in four writes at resourceVersions first..first+3, whose node b failed
   * its first attempt and succeeded its second: 10 transitions, 5 attempts.
   */
  public static List<Write> diamond(String uid, String name, long firstVersion) {
    List<Write> writes = new ArrayList<>();
    long rv = firstVersion;
    writes.add(
        write(
            uid,
            name,
            rv++,
            ExecutionPhase.Running,
            "0/4",
            List.of(running("a", 1, List.of()), pending("b"), pending("c"), pending("d")),
            List.of(
                t("a", null, "Running", Reason.Started),
                t(null, null, "Running", Reason.Started))));
    List<AttemptStatus> bFailedOnce =
        List.of(
            new AttemptStatus(
                1,
                name + "-b-1",
                name + "-b-1-pod",
                NodePhase.Failed,
                Reason.Error,
                1,
                "2026-01-01T00:00:01Z",
                "2026-01-01T00:00:02Z"));
    writes.add(
        write(
            uid,
            name,
            rv++,
            ExecutionPhase.Running,
            "1/4",
            List.of(
                done("a", 1, List.of()),
                running("b", 2, bFailedOnce),
                running("c", 1, List.of()),
                pending("d")),
            List.of(
                t("a", "Running", "Succeeded", Reason.Succeeded),
                t("b", "Pending", "Running", Reason.Started),
                t("c", "Pending", "Running", Reason.Started))));
    writes.add(
        write(
            uid,
            name,
            rv++,
            ExecutionPhase.Running,
            "3/4",
            List.of(
                done("a", 1, List.of()),
                done("b", 2, bFailedOnce),
                done("c", 1, List.of()),
                running("d", 1, List.of())),
            List.of(
                t("b", "Running", "Succeeded", Reason.Succeeded),
                t("c", "Running", "Succeeded", Reason.Succeeded),
                t("d", "Pending", "Running", Reason.Started))));
    writes.add(
        write(
            uid,
            name,
            rv,
            ExecutionPhase.Succeeded,
            "4/4",
            List.of(
                done("a", 1, List.of()),
                done("b", 2, bFailedOnce),
                done("c", 1, List.of()),
                done("d", 1, List.of())),
            List.of(
                t("d", "Running", "Succeeded", Reason.Succeeded),
                t(null, "Running", "Succeeded", Reason.Succeeded))));
    return writes;
  }

  public static int transitionCount(List<Write> writes) {
    return writes.stream().mapToInt(w -> w.transitions().size()).sum();
  }

  /** The written resource. */
  public static Write write(
      String uid,
      String name,
      long resourceVersion,
      ExecutionPhase phase,
      String progress,
      List<NodeStatus> nodes,
      List<Transition> transitions) {
    WorkflowExecution wfx =
        ExecutionBuilder.execution(name)
            .nodes(
                NodeBuilder.node("a"),
                NodeBuilder.node("b").dependsOn("a"),
                NodeBuilder.node("c").dependsOn("a"),
                NodeBuilder.node("d").dependsOn("b", "c"))
            .build();
    wfx.getMetadata().setUid(uid);
    wfx.getMetadata().setResourceVersion(String.valueOf(resourceVersion));
    wfx.getMetadata().setGeneration(1L);
    wfx.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    wfx.getMetadata().setLabels(Map.of());
    wfx.setStatus(
        new WorkflowExecutionStatus(
            phase,
            phase == ExecutionPhase.Succeeded ? Reason.Succeeded : Reason.Started,
            "execution " + phase,
            1L,
            "2026-01-01T00:00:00Z",
            phase.isTerminal() ? "2026-01-01T00:00:09Z" : null,
            progress,
            null,
            nodes,
            new Usage(10L * nodes.size(), 5L),
            null,
            "inline"));
    return new Write(wfx, transitions);
  }

  private static Transition t(String node, String from, String to, Reason reason) {
    return new Transition(
        node, from, to, reason, (node == null ? "execution" : node) + " " + to, false);
  }

  private static NodeStatus pending(String name) {
    return node(name, NodePhase.Pending, Reason.WaitingForDependencies, 0, List.of());
  }

  private static NodeStatus running(String name, int attempts, List<AttemptStatus> history) {
    return node(name, NodePhase.Running, Reason.Started, attempts, history);
  }

  private static NodeStatus done(String name, int attempts, List<AttemptStatus> history) {
    return node(name, NodePhase.Succeeded, Reason.Succeeded, attempts, history);
  }

  private static NodeStatus node(
      String name, NodePhase phase, Reason reason, int attempts, List<AttemptStatus> history) {
    String job = attempts == 0 ? null : name + "-" + attempts;
    return nodeStatus(name)
        .phase(phase, reason)
        .attempt(attempts, job)
        .pod(job == null ? null : job + "-pod")
        .exitCode(phase == NodePhase.Succeeded ? 0 : null)
        .startedAt(attempts == 0 ? null : "2026-01-01T00:00:03Z")
        .finishedAt(phase.isTerminal() ? "2026-01-01T00:00:05Z" : null)
        .history(history.isEmpty() ? null : history)
        .build();
  }
}
