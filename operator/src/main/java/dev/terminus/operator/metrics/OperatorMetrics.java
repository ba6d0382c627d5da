package dev.terminus.operator.metrics;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.operator.engine.Detection;
import dev.terminus.operator.engine.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Terminus' own meters. Labels are bounded sets (rule, phase, reason), never names of resources, so
 * cardinality stays fixed however many executions run.
 */
public final class OperatorMetrics {
  public static final String DETECTIONS = "terminus.watchdog.detections";
  public static final String TRANSITIONS = "terminus.transitions";
  public static final String REFUSED = "terminus.transitions.refused";
  public static final String DETECTION_LATENCY = "terminus.watchdog.detection.latency";
  public static final String RECONCILE = "terminus.reconcile";
  public static final String API_ERRORS = "terminus.api.errors";
  public static final String ATTEMPT_DURATION = "terminus.node.attempt.duration";
  public static final String EXECUTIONS = "terminus.executions";

  private final MeterRegistry registry;
  private final Counter refused;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.refused =
        Counter.builder(REFUSED)
            .description("Phase transitions the state machine refused (never applied)")
            .register(registry);
  }

  public void detected(Detection d, Instant now) {
    Counter.builder(DETECTIONS)
        .description("Watchdog detections by rule")
        .tag("rule", d.rule().name())
        .register(registry)
        .increment();
    if (d.due() != null && !now.isBefore(d.due())) {
      Timer.builder(DETECTION_LATENCY)
          .description("From when a watchdog condition became true to its detection")
          .tag("rule", d.rule().name())
          .register(registry)
          .record(Duration.between(d.due(), now));
    }
  }

  /** One reconcile of {@code controller}, and whether it ended in an error. */
  public void reconciled(String controller, Duration took, boolean failed) {
    Timer.builder(RECONCILE)
        .description("Reconcile duration; outcome error when it threw (it is then retried)")
        .tag("controller", controller)
        .tag("outcome", failed ? "error" : "success")
        .register(registry)
        .record(took);
  }

  /** An API call that failed, by HTTP status (0 when no response arrived). */
  public void apiError(int code) {
    Counter.builder(API_ERRORS)
        .description("Kubernetes API calls that failed, by HTTP status code")
        .tag("code", String.valueOf(code))
        .register(registry)
        .increment();
  }

  /** A finished node attempt (Job or child execution), by how it ended. */
  public void attemptFinished(String phase, Duration took) {
    Timer.builder(ATTEMPT_DURATION)
        .description("Duration of finished node attempts")
        .tag("phase", phase)
        .register(registry)
        .record(took);
  }

  /** Executions by phase, counted from the informer cache when scraped. */
  public void executionsByPhase(Function<ExecutionPhase, Long> count) {
    for (ExecutionPhase phase : ExecutionPhase.values()) {
      Gauge.builder(EXECUTIONS, () -> count.apply(phase))
          .description("Executions by phase, from the operator's cache")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  public void transitioned(Transition t) {
    Counter.builder(TRANSITIONS)
        .description("Phase transitions of executions and nodes")
        .tag("kind", t.node() == null ? "execution" : "node")
        .tag("phase", t.to())
        .tag("reason", String.valueOf(t.reason()))
        .register(registry)
        .increment();
  }

  public void refusedTransition() {
    refused.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
