package dev.terminus.operator.app;

import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.sinks.ProjectionSinks;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the operator against the cluster of the current kubeconfig or service account, with
 * /metrics, /healthz and /readyz on port 8080 and the configured projections. Stops gracefully on
 * SIGTERM.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    AsyncPool.ensureParallelism();
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Clock clock = Clock.systemUTC();
    ProjectionSink sink =
        ProjectionSinks.create(config.projections(), SinkTuning.DEFAULT, registry, clock);
    HeartbeatSource heartbeats = HeartbeatSources.forNodesOf(config.projections());
    TerminusOperator operator =
        TerminusOperator.create(
            client, config, heartbeats, new KubernetesEventRecorder(client), registry, sink, clock);
    OperationsServer http =
        new OperationsServer(
                OperationsServer.DEFAULT_PORT, registry, operator::healthy, operator::ready)
            .start();
    operator.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  // After the operator: the last status writes are still flushed (bounded).
                  sink.close();
                  http.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
