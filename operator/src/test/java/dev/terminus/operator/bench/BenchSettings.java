package dev.terminus.operator.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sizes of a benchmark run, from system properties ({@code make bench} passes its variables as
 * {@code -Dbench.*}). The defaults finish within about three minutes on two cores.
 *
 * @param executions executions of the 10-node DAG per throughput run (lean cluster)
 * @param costExecutions executions of the 10-node DAG per request-count run (realistic cluster)
 * @param repetitions how often each timed run is repeated (figures are medians)
 * @param latencyExecutions concurrent 10-node chains in the scheduling-latency run
 * @param failureSamples failing executions in the detection-latency run
 * @param heapExecutions active executions in the heap run (the figure is scaled to 1,000)
 * @param rawCreateThreads concurrent clients creating Jobs in the raw Job-create run
 * @param only the benchmarks to run (all when empty): requests, throughput, latency, restart,
 *     status, heap
 * @param output where results.json is written
 */
record BenchSettings(
    int executions,
    int costExecutions,
    int repetitions,
    int latencyExecutions,
    int failureSamples,
    int heapExecutions,
    int rawCreateThreads,
    Set<String> only,
    Path output) {

  /** How long a node runs in the latency runs: long enough that runs do not pile up. */
  static final Duration LATENCY_RUN_TIME = Duration.ofMillis(100);

  /** How long a node runs in the throughput runs: short, to find the ceiling. */
  static final Duration THROUGHPUT_RUN_TIME = Duration.ofMillis(10);

  static BenchSettings fromSystemProperties() {
    return new BenchSettings(
        intProperty("bench.executions", 30),
        intProperty("bench.costExecutions", 10),
        intProperty("bench.repetitions", 3),
        intProperty("bench.latencyExecutions", 10),
        intProperty("bench.failureSamples", 20),
        intProperty("bench.heapExecutions", 200),
        intProperty("bench.rawCreateThreads", 4),
        Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()),
        Path.of(System.getProperty("bench.output", "target/bench/results.json")));
  }

  boolean runs(String benchmark) {
    return only.isEmpty() || only.contains(benchmark);
  }

  Map<String, Object> asMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("executions", executions);
    out.put("costExecutions", costExecutions);
    out.put("nodesPerExecution", Dag.fanOutFanIn().size());
    out.put("repetitions", repetitions);
    out.put("latencyExecutions", latencyExecutions);
    out.put("failureSamples", failureSamples);
    out.put("heapExecutions", heapExecutions);
    out.put("rawCreateThreads", rawCreateThreads);
    out.put("latencyNodeRunMillis", LATENCY_RUN_TIME.toMillis());
    out.put("throughputNodeRunMillis", THROUGHPUT_RUN_TIME.toMillis());
    out.put("only", only);
    return out;
  }

  private static int intProperty(String name, int fallback) {
    String value = System.getProperty(name, "").trim();
    return value.isEmpty() ? fallback : Integer.parseInt(value);
  }
}
