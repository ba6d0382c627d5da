package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * End-to-end node throughput against the raw Job-create throughput of the same API server, in the
 * same run: each repetition measures both, on fresh servers of the same kind, with the same number
 * of Jobs. End to end, the {@link LeanJobController} finishes each Job with one status write, so
 * that the simulated cluster's own requests weigh as little as they can on the shared server.
 *
 * <p>Also reported: the ratio the operator alone would allow, from API server time: the server's
 * time per raw Job create over its time on the operator's requests per node attempt (everything the
 * simulated cluster and the benchmark ask of the server left out).
 */
final class ThroughputBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final BenchSettings settings;

  ThroughputBench(BenchSettings settings) {
    this.settings = settings;
  }

  void run(BenchReport report) throws Exception {
    List<Rep> reps = new ArrayList<>();
    int jobs = settings.executions() * Dag.fanOutFanIn().size();
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      RawJobCreates.Result raw = RawJobCreates.measure(jobs, settings.rawCreateThreads());
      reps.add(new Rep(raw, endToEnd(rep)));
    }
    report.add(
        median(
            reps,
            "throughput.rawJobCreatesPerSecond",
            "Raw Job-create throughput of the API server",
            r -> r.raw.jobsPerSecond(),
            "Jobs/s"));
    report.add(
        median(
            reps,
            "throughput.nodesPerSecond",
            "End-to-end node throughput (lean cluster)",
            r -> r.e2e.nodesPerSecond,
            "nodes/s"));
    report.add(
        median(
            reps,
            "throughput.ratio",
            "Ratio end-to-end / raw Job creates",
            r -> r.e2e.nodesPerSecond / r.raw.jobsPerSecond(),
            ""));
    report.add(
        median(
            reps,
            "throughput.operatorRatio",
            "Ratio from server time: raw create / operator per attempt",
            r -> r.raw.serverMillisPerCreate() / r.e2e.operatorServerMillisPerAttempt,
            ""));
    report.add(
        median(
            reps,
            "throughput.writesPerAttempt",
            "API writes per node attempt (operator, lean cluster)",
            r -> r.e2e.writesPerAttempt,
            "req"));
  }

  private EndToEnd endToEnd(int rep) throws Exception {
    try (BenchCluster cluster =
            new BenchCluster()
                .withLeanJobController(
                    (execution, node) -> LeanOutcome.SUCCEED, BenchSettings.THROUGHPUT_RUN_TIME);
        OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
      cluster.ledger.keepBodies(false);
      cluster.ledger.drain();
      long start = System.nanoTime();
      List<String> names =
          cluster.createExecutions(Dag.fanOutFanIn(), "tp-" + rep, settings.executions());
      cluster.executions.awaitAll(
          BenchCluster.NAMESPACE, names, Phases.is(ExecutionPhase.Succeeded), TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<ApiCall> calls = cluster.ledger.drain();
      double attempts = RequestCounts.attempts(calls);
      RequestCounts op = new RequestCounts(calls, Tag.OPERATOR);
      return new EndToEnd(
          attempts / seconds, op.writes() / attempts, op.serverNanos() / 1e6 / attempts);
    }
  }

  private static Figure median(
      List<Rep> reps, String key, String label, ToDoubleFunction<Rep> value, String unit) {
    return Figure.median(key, label, reps.stream().map(value::applyAsDouble).toList(), unit);
  }

  private record EndToEnd(
      double nodesPerSecond, double writesPerAttempt, double operatorServerMillisPerAttempt) {}

  private record Rep(RawJobCreates.Result raw, EndToEnd e2e) {}
}
