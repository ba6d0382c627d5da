package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Restart recovery: with the operator stopped, the Job of a running node is deleted; the figure is
 * the time from the operator's start to the execution's status showing the node Failed (Lost) and
 * the execution Failed, at the API server. Two other executions keep running meanwhile and must
 * still be Running afterwards. Also reported: how long the operator takes to start (its informers'
 * initial list and sync), which is part of the recovery time.
 */
final class RestartBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final Duration SETTLE = Duration.ofMillis(500);
  private static final int EXECUTIONS = 3;
  private static final Dag SINGLE = Dag.chain(1);

  private final BenchSettings settings;

  RestartBench(BenchSettings settings) {
    this.settings = settings;
  }

  void run(BenchReport report) throws Exception {
    List<Double> recovery = new ArrayList<>();
    List<Double> startup = new ArrayList<>();
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      try (BenchCluster cluster =
          new BenchCluster()
              .withLeanJobController((e, n) -> LeanOutcome.RUN_FOREVER, Duration.ZERO)) {
        List<String> names = startRunning(cluster, rep);
        String victim = names.get(0);
        String job =
            cluster.executions.get(BenchCluster.NAMESPACE, victim).getStatus().nodes().get(0).job();
        cluster.simulator().batch().v1().jobs().withName(job).delete();
        cluster.ledger.drain();
        long start = System.nanoTime();
        try (OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
          startup.add((System.nanoTime() - start) / 1e6);
          cluster.executions.awaitAll(
              BenchCluster.NAMESPACE, List.of(victim), Phases.is(ExecutionPhase.Failed), TIMEOUT);
          Timeline timeline = new Timeline(cluster.ledger.drain());
          String node = SINGLE.lastNode();
          long shown =
              timeline.firstStatus(victim, Timeline.shows("Failed", node, "Failed")).orElseThrow();
          recovery.add((shown - start) / 1e6);
          requireStillRunning(cluster, names.subList(1, names.size()));
          Thread.sleep(SETTLE.toMillis()); // let the operator report what it wrote
        }
      }
    }
    report.add(
        Figure.median(
            "restart.recoveryMillis",
            "Restart → deleted Job's execution shows Failed (Lost)",
            recovery,
            "ms"));
    report.add(
        Figure.median(
            "restart.operatorStartMillis",
            "  of which operator start (informers synced)",
            startup,
            "ms"));
  }

  /** Executions whose node runs forever, all started, with the operator stopped again. */
  private List<String> startRunning(BenchCluster cluster, int rep) throws Exception {
    try (OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
      List<String> names = cluster.createExecutions(SINGLE, "restart-" + rep, EXECUTIONS);
      cluster.executions.awaitAll(BenchCluster.NAMESPACE, names, Phases.hasStartedANode(), TIMEOUT);
      return names;
    }
  }

  private static void requireStillRunning(BenchCluster cluster, List<String> names) {
    for (String name : names) {
      var wfx = cluster.executions.get(BenchCluster.NAMESPACE, name);
      if (wfx.getStatus().phase() != ExecutionPhase.Running) {
        throw new IllegalStateException(name + " should still run, but is " + wfx.getStatus());
      }
    }
  }
}
