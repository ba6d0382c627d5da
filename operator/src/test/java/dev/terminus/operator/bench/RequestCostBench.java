package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * API requests per node attempt, counted at the API server, with the realistic simulated cluster (a
 * Pod per Job; Pod and Job status written as Kubernetes writes them, so the operator sees every
 * event a real cluster sends). Also the operator's CPU time per node attempt and the node
 * throughput of that realistic cluster.
 *
 * <p>The window opens once the operator has started (its informers' initial lists and watches are
 * reported apart) and closes when every execution has succeeded and a second has passed for the
 * last Events.
 */
final class RequestCostBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private final BenchSettings settings;

  RequestCostBench(BenchSettings settings) {
    this.settings = settings;
  }

  void run(BenchReport report) throws Exception {
    List<Run> runs = new ArrayList<>();
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      Run run = measure(Dag.fanOutFanIn(), "cost-" + rep);
      runs.add(run);
      report.detail("requests.rep" + rep + ".attempts", run.attempts);
      report.detail("requests.rep" + rep + ".operatorStartup", run.startup.byKind());
      report.detail("requests.rep" + rep + ".operatorByKind", run.operator.byKind());
      report.detail("requests.rep" + rep + ".clusterByKind", run.cluster.byKind());
      report.detail("requests.rep" + rep + ".cpuMillisByRole", millisByRole(run.cpu));
    }
    report.add(
        median(
            runs,
            "api.writesPerAttempt",
            "API writes per node attempt (operator)",
            r -> r.operator.writes() / r.attempts,
            "req"));
    Run chain = measure(Dag.chain(10), "chain");
    report.detail("requests.chain.operatorByKind", chain.operator.byKind());
    report.add(
        Figure.of(
            "api.writesPerAttemptChain",
            "API writes per node attempt, chains of 10 (one run)",
            chain.operator.writes() / chain.attempts,
            "req"));
    report.add(
        median(
            runs,
            "api.readsPerAttempt",
            "API reads (get+list) per node attempt",
            r -> r.operator.reads() / r.attempts,
            "req"));
    report.add(
        median(
            runs,
            "api.listsWhileRunning",
            "LIST calls while executions ran (total)",
            r -> (double) r.operator.lists(),
            "req"));
    report.add(
        median(
            runs,
            "api.statusWritesPerAttempt",
            "  status writes per node attempt",
            r -> r.operator.count("patch", "workflowexecutions", "status") / r.attempts,
            "req"));
    report.add(
        median(
            runs,
            "api.eventWritesPerAttempt",
            "  Event writes per node attempt",
            r -> r.operator.count("create", "events", "") / r.attempts,
            "req"));
    report.add(
        median(
            runs,
            "api.serverMillisPerAttempt",
            "API server time on operator requests per attempt",
            r -> r.operator.serverNanos() / 1e6 / r.attempts,
            "ms"));
    report.add(
        median(
            runs,
            "cpu.operatorMillisPerAttempt",
            "Operator CPU time per node attempt",
            r -> r.cpu.operatorWithShare(r.operatorRequestShare) / 1e6 / r.attempts,
            "ms"));
    report.add(
        median(
            runs,
            "cpu.processMillisPerAttempt",
            "Process CPU per node attempt (all: API, cluster, GC...)",
            r -> r.cpu.processNanos() / 1e6 / r.attempts,
            "ms"));
    report.add(
        median(
            runs,
            "throughput.realisticNodesPerSecond",
            "Node throughput, realistic simulated cluster",
            r -> r.attempts / r.seconds,
            "nodes/s"));
    report.add(
        median(
            runs,
            "api.clusterWritesPerJob",
            "Cluster's own writes per Job (Pod create, Pod and Job status)",
            r -> r.cluster.writes() / r.attempts,
            "req"));
    report.add(
        median(
            runs,
            "throughput.projectedWriteBoundRatio",
            "Projected ratio on a write-bound API server",
            RequestCostBench::projectedRatio,
            ""));
  }

  /**
   * Where the API server's write capacity is the limit (a real cluster: the operator has CPUs of
   * its own), a Job created directly costs its create plus the writes the Job controller and
   * kubelet make for it; a node attempt run by Terminus costs the operator's writes plus those same
   * cluster writes. The ratio of the two is the share of the raw Job rate Terminus can reach.
   */
  private static double projectedRatio(Run r) {
    double cluster = r.cluster.writes() / r.attempts;
    double operator = r.operator.writes() / r.attempts;
    return (1 + cluster) / (operator + cluster);
  }

  private Run measure(Dag dag, String prefix) throws Exception {
    try (BenchCluster cluster = new BenchCluster().withFakeJobController(Script.succeedAll())) {
      Set<Long> beforeOperator = CpuMeter.threadsNow();
      try (OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
        RequestCounts startup = new RequestCounts(cluster.ledger.drain(), Tag.OPERATOR);
        CpuMeter meter = CpuMeter.start(beforeOperator);
        long start = System.nanoTime();
        List<String> names = cluster.createExecutions(dag, prefix, settings.costExecutions());
        cluster
            .executions()
            .awaitAll(BenchCluster.NAMESPACE, names, Phases.is(ExecutionPhase.Succeeded), TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.CpuUsage cpu = meter.stop();
        Thread.sleep(SETTLE.toMillis());
        List<ApiCall> calls = cluster.ledger.drain();
        RequestCounts operatorCalls = new RequestCounts(calls, Tag.OPERATOR);
        return new Run(
            RequestCounts.attempts(calls),
            seconds,
            startup,
            operatorCalls,
            new RequestCounts(calls, Tag.CLUSTER),
            cpu,
            operatorCalls.total() / (double) calls.size());
      }
    }
  }

  private static Figure median(
      List<Run> runs,
      String key,
      String label,
      java.util.function.ToDoubleFunction<Run> value,
      String unit) {
    return Figure.median(key, label, runs.stream().map(value::applyAsDouble).toList(), unit);
  }

  private static Map<String, Double> millisByRole(CpuMeter.CpuUsage used) {
    Map<String, Double> out = new TreeMap<>();
    used.byRole().forEach((role, nanos) -> out.put(role.name(), nanos / 1e6));
    used.operatorByGroup().forEach((group, nanos) -> out.put("OPERATOR/" + group, nanos / 1e6));
    out.put("PROCESS", used.processNanos() / 1e6);
    return out;
  }

  private record Run(
      double attempts,
      double seconds,
      RequestCounts startup,
      RequestCounts operator,
      RequestCounts cluster,
      CpuMeter.CpuUsage cpu,
      double operatorRequestShare) {}
}
