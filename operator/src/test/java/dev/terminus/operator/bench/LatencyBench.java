package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scheduling latency (a dependency's Job written Complete → the next Job created) and failure
 * detection latency (a Job written Failed → the execution status showing the node and the execution
 * Failed), both measured at the API server, with the {@link LeanJobController}.
 *
 * <p>Scheduling: {@code latencyExecutions} 10-node chains run at once; every node after the first
 * gives one sample. Detection: {@code failureSamples} one-node executions whose Job fails, created
 * {@value #FAILURE_SPACING_MILLIS} ms apart so that each is a failure arriving at a running
 * operator, not a queue of them. Percentiles are over the samples of every repetition.
 */
final class LatencyBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final long FAILURE_SPACING_MILLIS = 100;
  private static final Dag CHAIN = Dag.chain(10);
  private static final Dag SINGLE = Dag.chain(1);

  private final BenchSettings settings;

  LatencyBench(BenchSettings settings) {
    this.settings = settings;
  }

  void run(BenchReport report) throws Exception {
    List<Double> scheduling = new ArrayList<>();
    List<Double> detection = new ArrayList<>();
    List<Double> schedulingP99 = new ArrayList<>();
    List<Double> detectionP99 = new ArrayList<>();
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      try (BenchCluster cluster =
              new BenchCluster()
                  .withLeanJobController(
                      (execution, node) ->
                          execution.startsWith("fail-") ? LeanOutcome.FAIL : LeanOutcome.SUCCEED,
                      BenchSettings.LATENCY_RUN_TIME);
          OperatorUnderTest operator = cluster.startOperator(OperatorConfig.defaults())) {
        List<Double> s = schedulingSamples(cluster, rep);
        List<Double> d = detectionSamples(cluster, rep);
        scheduling.addAll(s);
        detection.addAll(d);
        schedulingP99.add(Stats.percentile(s, 99));
        detectionP99.add(Stats.percentile(d, 99));
      }
    }
    report.detail("latency.schedulingSamples", scheduling.size());
    report.detail("latency.detectionSamples", detection.size());
    report.detail("latency.schedulingP99PerRepetition", schedulingP99);
    report.detail("latency.detectionP99PerRepetition", detectionP99);
    report.add(pooled("latency.schedulingP50", "Scheduling latency p50", scheduling, 50));
    report.add(pooled("latency.schedulingP99", "Scheduling latency p99", scheduling, 99));
    report.add(pooled("latency.detectionP50", "Failure detection latency p50", detection, 50));
    report.add(pooled("latency.detectionP99", "Failure detection latency p99", detection, 99));
  }

  private List<Double> schedulingSamples(BenchCluster cluster, int rep) throws Exception {
    cluster.ledger.drain();
    List<String> names =
        cluster.createExecutions(CHAIN, "chain-" + rep, settings.latencyExecutions());
    cluster.executions.awaitAll(
        BenchCluster.NAMESPACE, names, Phases.is(ExecutionPhase.Succeeded), TIMEOUT);
    Timeline timeline = new Timeline(cluster.ledger.drain());
    List<Double> samples = new ArrayList<>();
    for (String execution : names) {
      for (Map.Entry<String, List<String>> node : CHAIN.dependencies().entrySet()) {
        for (String dependency : node.getValue()) {
          millisBetween(
                  timeline.job(execution, dependency).flatMap(timeline::finished),
                  timeline.job(execution, node.getKey()).flatMap(timeline::created))
              .ifPresent(samples::add);
        }
      }
    }
    return samples;
  }

  private List<Double> detectionSamples(BenchCluster cluster, int rep) throws Exception {
    cluster.ledger.drain();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= settings.failureSamples(); i++) {
      names.addAll(cluster.createExecutions(SINGLE, "fail-" + rep + "-" + i, 1));
      Thread.sleep(FAILURE_SPACING_MILLIS);
    }
    cluster.executions.awaitAll(
        BenchCluster.NAMESPACE, names, Phases.is(ExecutionPhase.Failed), TIMEOUT);
    Timeline timeline = new Timeline(cluster.ledger.drain());
    String node = SINGLE.lastNode();
    List<Double> samples = new ArrayList<>();
    for (String execution : names) {
      millisBetween(
              timeline.job(execution, node).flatMap(timeline::finished),
              timeline.firstStatus(execution, Timeline.shows("Failed", node, "Failed")))
          .ifPresent(samples::add);
    }
    return samples;
  }

  private static java.util.Optional<Double> millisBetween(
      java.util.Optional<Long> from, java.util.Optional<Long> to) {
    return from.flatMap(f -> to.map(t -> (t - f) / 1e6));
  }

  private static Figure pooled(String key, String label, List<Double> samples, int percentile) {
    return new Figure(key, label, Stats.percentile(samples, percentile), "ms", List.of());
  }
}
