package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator heap per 1,000 active executions of the 10-node DAG, estimated by difference: a first
 * operator runs every execution until its root node is Running (its Job and Pod exist, as on a real
 * cluster) and is stopped; then, {@value #CYCLES} times, the heap in use (after GC) is taken, a new
 * operator is started on the unchanged API server and simulated cluster and waited for (it lists
 * and caches everything, and finds nothing to write), and the heap is taken again. The figure is
 * the median difference, scaled linearly from {@code heapExecutions}.
 *
 * <p>The difference is taken against the heap before each start, not after a stop: a stopped
 * operator's caches are not all released (JOSDK's timers keep references), so a stop would hide
 * part of what a running operator holds.
 */
final class HeapBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final int CYCLES = 3;

  private final BenchSettings settings;

  HeapBench(BenchSettings settings) {
    this.settings = settings;
  }

  void run(BenchReport report) throws Exception {
    int count = settings.heapExecutions();
    List<Double> mibPerThousand = new ArrayList<>();
    try (BenchCluster cluster =
        new BenchCluster().withFakeJobController(Script.always(Behaviour.runForever()))) {
      cluster.ledger.keepBodies(false);
      List<String> names;
      try (OperatorUnderTest first = cluster.startOperator(OperatorConfig.defaults())) {
        names = cluster.createExecutions(Dag.fanOutFanIn(), "heap", count);
        awaitRunning(cluster, names);
      }
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        long before = settledHeap(cluster);
        long with;
        try (OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
          awaitRunning(cluster, names);
          with = settledHeap(cluster);
        }
        mibPerThousand.add((with - before) * 1000.0 / count / (1024 * 1024));
        report.detail("heap.cycle" + cycle + ".bytesBeforeStart", before);
        report.detail("heap.cycle" + cycle + ".bytesWithOperator", with);
      }
    }
    report.detail("heap.executions", count);
    report.add(
        Figure.median(
            "heap.mibPer1000Executions",
            "Operator heap per 1,000 active executions (10 nodes)",
            mibPerThousand,
            "MiB"));
  }

  private static void awaitRunning(BenchCluster cluster, List<String> names) throws Exception {
    cluster
        .executions()
        .awaitAll(BenchCluster.NAMESPACE, names, Phases.nodeIs("root", NodePhase.Running), TIMEOUT);
  }

  private static long settledHeap(BenchCluster cluster) throws InterruptedException {
    Thread.sleep(SETTLE.toMillis());
    cluster.ledger.drain();
    return HeapMeter.usedAfterGc();
  }
}
