package dev.terminus.operator.app;

import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.sinks.ProjectionSinks;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Runs the operator against the cluster of the current kubeconfig or service account. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    MeterRegistry registry = new SimpleMeterRegistry();
    Clock clock = Clock.systemUTC();
    ProjectionSink sink =
        ProjectionSinks.create(config.projections(), SinkTuning.DEFAULT, registry, clock);
    TerminusOperator operator =
        TerminusOperator.create(
                client,
                config,
                HeartbeatSource.NONE,
                new KubernetesEventRecorder(client),
                registry,
                sink,
                clock)
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  // After the operator: the last status writes are still flushed (bounded).
                  sink.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
