package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import java.time.Duration;
import java.util.List;

/**
 * Operator heap per 1,000 active executions of the 10-node DAG, estimated by difference: the heap
 * in use (after GC) with the operator running and every execution's root node Running (its Job and
 * Pod exist, as on a real cluster), minus the heap once the operator alone has been stopped, the
 * API server's store and the simulated cluster unchanged. Scaled linearly from {@code
 * heapExecutions}.
 */
final class HeapBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private final BenchSettings settings;

  HeapBench(BenchSettings settings) {
    this.settings = settings;
  }

  void run(BenchReport report) throws Exception {
    int count = settings.heapExecutions();
    try (BenchCluster cluster =
        new BenchCluster().withFakeJobController(Script.always(Behaviour.runForever()))) {
      cluster.ledger.keepBodies(false);
      long withOperator = withOperatorRunning(cluster, count);
      Thread.sleep(SETTLE.toMillis());
      cluster.ledger.drain();
      long without = HeapMeter.usedAfterGc();
      double perThousand = (withOperator - without) * 1000.0 / count / (1024 * 1024);
      report.detail("heap.executions", count);
      report.detail("heap.bytesWithOperator", withOperator);
      report.detail("heap.bytesWithoutOperator", without);
      report.add(
          Figure.of(
              "heap.mibPer1000Executions",
              "Operator heap per 1,000 active executions (10 nodes)",
              perThousand,
              "MiB"));
    }
  }

  /** Heap in use with the operator running every execution; the operator is stopped on return. */
  private static long withOperatorRunning(BenchCluster cluster, int count) throws Exception {
    try (OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
      List<String> names = cluster.createExecutions(Dag.fanOutFanIn(), "heap", count);
      cluster.executions.awaitAll(
          BenchCluster.NAMESPACE, names, Phases.nodeIs("root", NodePhase.Running), TIMEOUT);
      Thread.sleep(SETTLE.toMillis());
      cluster.ledger.drain();
      return HeapMeter.usedAfterGc();
    }
  }
}
