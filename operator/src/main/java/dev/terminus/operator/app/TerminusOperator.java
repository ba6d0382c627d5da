package dev.terminus.operator.app;

import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.engine.ExecutionEngine;
import dev.terminus.operator.metrics.OperatorMetrics;
import dev.terminus.operator.reconciler.EventRecorder;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.reconciler.WorkflowExecutionReconciler;
import dev.terminus.operator.reconciler.WorkflowReconciler;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the operator: both reconcilers on one JOSDK Operator. Jobs whose execution is gone are
 * left to Kubernetes' garbage collector (every Job has the execution as controller owner), so no
 * replica LISTs the cluster on a timer; a standby only watches the Lease.
 */
public final class TerminusOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TerminusOperator.class);

  /** The Lease replicas compete for, in the operator's namespace, when leader election is on. */
  public static final String LEASE_NAME = "terminus-operator";

  /**
   * A standby takes over at most this long after the leader died (JOSDK's default is 70 s; the
   * watchdog should not be away that long). The renew deadline tolerates an API server restart of
   * up to 20 s before the leader steps down (and exits, for its Deployment to restart it).
   */
  static final Duration LEASE_DURATION = Duration.ofSeconds(30);

  static final Duration RENEW_DEADLINE = Duration.ofSeconds(20);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(4);

  private final OperatorConfig config;
  private final OperatorMetrics metrics;
  private final AtomicLong refusedTransitions = new AtomicLong();
  private final Operator operator;

  private TerminusOperator(
      KubernetesClient client,
      OperatorConfig config,
      HeartbeatSource heartbeats,
      EventRecorder events,
      MeterRegistry registry,
      ProjectionSink sink,
      Clock clock) {
    this.config = config;
    this.metrics = new OperatorMetrics(registry);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    // The status is written by StatusWriter as a JSON patch carrying the
                    // resourceVersion it was computed from: a real API server answers 409 when
                    // anyone wrote in between, which server-side apply would not (it merges by
                    // field owner), and it adds no managedFields to every execution.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withCloseClientOnStop(false)
                    .withLeaderElectionConfiguration(
                        config.leaderElection()
                            ? new LeaderElectionConfiguration(
                                LEASE_NAME, null, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD)
                            : null));
    ExecutionEngine engine = new ExecutionEngine(config.engine(), this::refused);
    operator.register(
        new WorkflowExecutionReconciler(config, engine, heartbeats, events, metrics, sink, clock),
        o -> configure(o, config));
    operator.register(new WorkflowReconciler(clock), o -> configure(o, config));
  }

  public static TerminusOperator create(KubernetesClient client, OperatorConfig config) {
    return create(
        client,
        config,
        HeartbeatSource.NONE,
        new KubernetesEventRecorder(client),
        new SimpleMeterRegistry(),
        ProjectionSink.NONE,
        Clock.systemUTC());
  }

  public static TerminusOperator create(
      KubernetesClient client,
      OperatorConfig config,
      HeartbeatSource heartbeats,
      EventRecorder events,
      MeterRegistry registry,
      ProjectionSink sink,
      Clock clock) {
    return new TerminusOperator(client, config, heartbeats, events, registry, sink, clock);
  }

  /**
   * Retries never give up (a reconcile that keeps failing is retried at least every resync period),
   * and every execution is re-examined every resync period even without events.
   */
  private static <R extends HasMetadata> void configure(
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
    metrics.refusedTransition();
    log.error("refused illegal transition of {} from {} to {}", subject, from, to);
  }

  /** Transitions the state machine refused since start; zero in a healthy operator. */
  public long refusedTransitions() {
    return refusedTransitions.get();
  }

  /** Started (and, with leader election, running or standing by). */
  public boolean healthy() {
    return operator.getRuntimeInfo().isStarted();
  }

  /** Every informer has synced and is healthy: the caches the reconcilers read are complete. */
  public boolean ready() {
    return healthy() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public MeterRegistry meterRegistry() {
    return metrics.registry();
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
