package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the pure engine like the reconciler does, against an in-memory set of Jobs: each {@link
 * #step()} evaluates, applies the Job actions and persists the status. Tests change Jobs and the
 * clock between steps.
 */
final class EngineDriver {
  /** The execution's metadata.uid: what its workers' Redis keys (and so accepted refs) hold. */
  static final String UID = "3f6c0d2e-8b1a-4c5e-9d7f-2a4b6c8e0f13";

  final List<String> refusals = new ArrayList<>();
  final ExecutionEngine engine;
  final Map<String, AttemptOutcome> jobs = new LinkedHashMap<>();
  final List<JobAction> allActions = new ArrayList<>();
  final Map<String, Instant> heartbeats = new HashMap<>();
  final Map<String, AttemptOutcome> children = new LinkedHashMap<>();

  /** Creates the API server refuses, by Job (or child execution) name, while they are here. */
  final Map<String, CreateRefusal> refuse = new HashMap<>();

  List<String> lineage = List.of("inline:wfx");
  boolean heartbeatsUnknown;
  WorkflowExecutionSpec spec;
  WorkflowExecutionStatus status;
  Resolution resolution;
  Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");
  Instant now = createdAt;
  Decision last;

  EngineDriver(WorkflowExecutionSpec spec) {
    this(spec, EngineConfig.defaults());
  }

  EngineDriver(WorkflowExecutionSpec spec, EngineConfig config) {
    this.spec = spec;
    this.engine = new ExecutionEngine(config, (s, f, t) -> refusals.add(s + ":" + f + "->" + t));
    WorkflowSpec inline = spec == null ? null : spec.workflow();
    this.resolution = new Resolution.Found(inline, "inline");
  }

  Decision step() {
    last =
        engine.evaluate(
            input(),
            (next, starts) -> {
              Map<String, CreateRefusal> refused = new LinkedHashMap<>();
              starts.stream()
                  .filter(s -> refuse.containsKey(s.jobName()))
                  .forEach(s -> refused.put(s.jobName(), refuse.get(s.jobName())));
              return refused;
            });
    for (JobAction a : last.actions()) {
      allActions.add(a);
      if (a instanceof JobAction.Start s) {
        boolean child =
            spec.workflow() != null
                && spec.workflow().nodes().stream()
                    .anyMatch(
                        n ->
                            n.name().equals(s.node())
                                && n.typeOrDefault()
                                    == dev.terminus.crd.v1alpha1.NodeType.WORKFLOW);
        (child ? children : jobs).putIfAbsent(s.jobName(), pending());
      } else if (a instanceof JobAction.Delete d) {
        jobs.remove(d.jobName());
      } else if (a instanceof JobAction.CancelChild c) {
        children.computeIfPresent(
            c.name(), (k, v) -> v.kind() == AttemptOutcome.Kind.SUCCEEDED ? v : cancelledChild());
      }
    }
    status = last.status();
    return last;
  }

  /** What the reconciler would observe now. */
  EngineInput input() {
    return new EngineInput(
        "wfx",
        UID,
        1,
        createdAt,
        spec,
        status,
        resolution,
        Map.copyOf(jobs),
        Map.copyOf(children),
        heartbeatsUnknown ? null : Map.copyOf(heartbeats),
        lineage,
        Map.of(),
        now);
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  String jobOf(String node) {
    return status.nodes().stream()
        .filter(n -> n.name().equals(node))
        .findFirst()
        .orElseThrow()
        .job();
  }

  dev.terminus.crd.v1alpha1.NodeStatus node(String name) {
    return status.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  void set(String node, AttemptOutcome outcome) {
    jobs.put(jobOf(node), outcome);
  }

  static AttemptOutcome cancelledChild() {
    return new AttemptOutcome(
        AttemptOutcome.Kind.FAILED,
        dev.terminus.crd.v1alpha1.FailureReason.ChildFailed,
        null,
        "child execution Cancelled",
        null,
        null,
        null,
        null);
  }

  static AttemptOutcome pending() {
    return new AttemptOutcome(
        AttemptOutcome.Kind.PENDING, null, null, null, null, null, null, null);
  }

  AttemptOutcome running() {
    return new AttemptOutcome(
        AttemptOutcome.Kind.RUNNING, null, null, null, "pod", null, now, null);
  }

  AttemptOutcome succeeded(String terminationMessage) {
    return new AttemptOutcome(
        AttemptOutcome.Kind.SUCCEEDED, null, 0, null, "pod", terminationMessage, null, now);
  }

  AttemptOutcome failed(dev.terminus.crd.v1alpha1.FailureReason reason, Integer exit, String msg) {
    return new AttemptOutcome(AttemptOutcome.Kind.FAILED, reason, exit, msg, "pod", msg, null, now);
  }
}
