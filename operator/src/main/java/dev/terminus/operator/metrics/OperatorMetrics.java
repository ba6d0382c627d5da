package dev.terminus.operator.metrics;

import dev.terminus.operator.engine.Detection;
import dev.terminus.operator.engine.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Terminus' own meters. Labels are bounded sets (rule, phase, reason), never names of resources, so
 * cardinality stays fixed however many executions run.
 */
public final class OperatorMetrics {
  public static final String DETECTIONS = "terminus.watchdog.detections";
  public static final String TRANSITIONS = "terminus.transitions";
  public static final String REFUSED = "terminus.transitions.refused";

  private final MeterRegistry registry;
  private final Counter refused;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.refused =
        Counter.builder(REFUSED)
            .description("Phase transitions the state machine refused (never applied)")
            .register(registry);
  }

  public void detected(Detection d) {
    Counter.builder(DETECTIONS)
        .description("Watchdog detections by rule")
        .tag("rule", d.rule().name())
        .register(registry)
        .increment();
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
