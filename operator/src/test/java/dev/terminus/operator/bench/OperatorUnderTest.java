package dev.terminus.operator.bench;

import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.TestCluster;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/**
 * The operator as it runs in production (both reconcilers, Events, the orphan sweep; no
 * projections), on a client of its own tagged {@link Tag#OPERATOR}.
 */
final class OperatorUnderTest implements AutoCloseable {

  private final TaggedClient client;
  private final TerminusOperator operator;

  private OperatorUnderTest(TaggedClient client, TerminusOperator operator) {
    this.client = client;
    this.operator = operator;
  }

  /** Starts the operator; returns once its informers have synced. */
  static OperatorUnderTest start(TestCluster cluster, OperatorConfig config) {
    TaggedClient client = new TaggedClient(cluster, Tag.OPERATOR);
    TerminusOperator operator =
        TerminusOperator.create(
                client.client(),
                config,
                HeartbeatSource.NONE,
                new KubernetesEventRecorder(client.client()),
                new SimpleMeterRegistry(),
                ProjectionSink.NONE,
                Clock.systemUTC())
            .start();
    return new OperatorUnderTest(client, operator);
  }

  long refusedTransitions() {
    return operator.refusedTransitions();
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
