package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.AttemptOutcome;
import dev.terminus.operator.engine.Decision;
import dev.terminus.operator.engine.EngineConfig;
import dev.terminus.operator.engine.EngineInput;
import dev.terminus.operator.engine.ExecutionEngine;
import dev.terminus.operator.engine.JobAction;
import dev.terminus.operator.engine.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pure engine driven as the reconciler drives it, with no API server: each {@link #step} lets
 * every started Job end as {@code outcome} says, then evaluates once and keeps the status.
 */
final class EngineRun {

  private final ExecutionEngine engine;
  private final WorkflowExecutionSpec spec;
  private final Map<String, AttemptOutcome> jobs = new LinkedHashMap<>();
  private WorkflowExecutionStatus status;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  EngineRun(WorkflowExecutionSpec spec, EngineConfig config) {
    this.spec = spec;
    this.engine = new ExecutionEngine(config, (subject, from, to) -> {});
  }

  /** Evaluates until the execution is terminal; {@code outcome} decides each Job by its name. */
  WorkflowExecutionStatus runToEnd(Function<String, AttemptOutcome> outcome) {
    for (int i = 0; i < 10_000; i++) {
      step();
      if (status.phase() != null && status.phase().isTerminal()) {
        return status;
      }
      jobs.replaceAll(
          (job, seen) -> seen.kind() == AttemptOutcome.Kind.PENDING ? outcome.apply(job) : seen);
      now = now.plus(Duration.ofSeconds(1));
    }
    throw new IllegalStateException("the execution did not end");
  }

  private void step() {
    Decision d =
        engine.evaluate(
            new EngineInput(
                "wfx",
                "00000000-0000-4000-8000-000000000001",
                1,
                Instant.parse("2026-01-01T00:00:00Z"),
                spec,
                status,
                new Resolution.Found(spec.workflow(), "inline"),
                Map.copyOf(jobs),
                Map.of(),
                Map.of(),
                List.of("inline:wfx"),
                Map.of(),
                now));
    for (JobAction a : d.actions()) {
      if (a instanceof JobAction.Start s) {
        jobs.put(s.jobName(), pending());
      } else if (a instanceof JobAction.Delete del) {
        jobs.remove(del.jobName());
      }
    }
    status = d.status();
  }

  Instant now() {
    return now;
  }

  static AttemptOutcome pending() {
    return new AttemptOutcome(
        AttemptOutcome.Kind.PENDING, null, null, null, null, null, null, null);
  }

  static AttemptOutcome succeeded(String terminationMessage, Instant at) {
    return new AttemptOutcome(
        AttemptOutcome.Kind.SUCCEEDED, null, 0, null, "pod", terminationMessage, at, at);
  }

  static AttemptOutcome failed(String message, Instant at) {
    return new AttemptOutcome(
        AttemptOutcome.Kind.FAILED, FailureReason.Error, 1, message, "pod", message, at, at);
  }
}
