package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.Script;
import java.time.Duration;
import java.util.List;

/**
 * A short unmeasured run of every path (API server, both simulated clusters, operator, raw creates)
 * first, so that the first measured repetition does not pay for class loading and JIT compilation.
 */
final class Warmup {

  private static final int EXECUTIONS = 5;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private Warmup() {}

  static void run() throws Exception {
    RawJobCreates.measure(EXECUTIONS * Dag.fanOutFanIn().size(), 2);
    try (BenchCluster cluster =
            new BenchCluster().withLeanJobController((e, n) -> LeanOutcome.SUCCEED, Duration.ZERO);
        OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
      runAll(cluster);
    }
    try (BenchCluster cluster = new BenchCluster().withFakeJobController(Script.succeedAll());
        OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
      runAll(cluster);
    }
  }

  private static void runAll(BenchCluster cluster) throws Exception {
    List<String> names = cluster.createExecutions(Dag.fanOutFanIn(), "warmup", EXECUTIONS);
    cluster.executions.awaitAll(
        BenchCluster.NAMESPACE, names, Phases.is(ExecutionPhase.Succeeded), TIMEOUT);
    cluster.ledger.drain();
  }
}
