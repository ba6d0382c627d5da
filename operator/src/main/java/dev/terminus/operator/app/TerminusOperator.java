package dev.terminus.operator.app;

import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.engine.ExecutionEngine;
import dev.terminus.operator.engine.IllegalTransitions;
import dev.terminus.operator.reconciler.EventRecorder;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.reconciler.WorkflowExecutionReconciler;
import dev.terminus.operator.reconciler.WorkflowReconciler;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the operator: both reconcilers on one JOSDK Operator, configured for any API server.
 */
public final class TerminusOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TerminusOperator.class);

  private final Operator operator;
  private final AtomicLong refusedTransitions = new AtomicLong();

  private TerminusOperator(Operator operator) {
    this.operator = operator;
  }

  public static TerminusOperator create(KubernetesClient client, OperatorConfig config) {
    return create(
        client,
        config,
        HeartbeatSource.NONE,
        new KubernetesEventRecorder(client),
        Clock.systemUTC());
  }

  public static TerminusOperator create(
      KubernetesClient client,
      OperatorConfig config,
      HeartbeatSource heartbeats,
      EventRecorder events,
      Clock clock) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    // Server-side apply is not available everywhere (the embedded API); the
                    // status is written with an optimistic-locked PUT instead (StatusWriter).
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withCloseClientOnStop(false));
    TerminusOperator terminus = new TerminusOperator(operator);
    IllegalTransitions refusals = terminus::refused;
    ExecutionEngine engine = new ExecutionEngine(config.engine(), refusals);
    operator.register(
        new WorkflowExecutionReconciler(config, engine, heartbeats, events, clock),
        o -> configure(o, config));
    operator.register(new WorkflowReconciler(clock), o -> configure(o, config));
    return terminus;
  }

  /**
   * Retries never give up (a reconcile that keeps failing is retried at least every resync period),
   * and every execution is re-examined every resync period even without events.
   */
  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void configure(
      ControllerConfigurationOverrider<R> o, OperatorConfig config) {
    o.withReconciliationMaxInterval(config.resyncPeriod());
    o.withRetry(
        new GenericRetry()
            .setInitialInterval(500)
            .setIntervalMultiplier(2)
            .setMaxInterval(config.resyncPeriod().toMillis())
            .withoutMaxAttempts());
    if (!config.watchNamespaces().isEmpty()) {
      o.settingNamespaces(config.watchNamespaces());
    }
  }

  private void refused(String subject, String from, String to) {
    refusedTransitions.incrementAndGet();
    log.error("refused illegal transition of {} from {} to {}", subject, from, to);
  }

  /** Transitions the state machine refused since start; zero in a healthy operator. */
  public long refusedTransitions() {
    return refusedTransitions.get();
  }

  public TerminusOperator start() {
    operator.start();
    return this;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
