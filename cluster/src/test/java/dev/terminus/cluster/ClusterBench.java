package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.kubesim.PodPlan;
import dev.terminus.operator.fixtures.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * {@code make bench-cluster}: Terminus measured on the real control plane (kube-apiserver, etcd,
 * kube-controller-manager; the node agent as kubelet), every request counted at the API server by
 * client (its audit log, by user): the raw Job baseline on the same server, then the DAG shapes.
 * Prints a table and writes {@code target/bench/cluster-results.json}.
 */
public final class ClusterBench {

  static final String OPERATOR_USER = "system:serviceaccount:terminus-system:terminus";

  private final RealCluster cluster;
  private final KubernetesClient admin;
  private final AuditLog audit;
  private final Map<String, Instant> podTerminal = new ConcurrentHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();

  private ClusterBench(RealCluster cluster) {
    this.cluster = cluster;
    this.admin = cluster.admin();
    this.audit = new AuditLog(cluster.plane().auditLog());
    cluster.nodeAgent().onTerminal(p -> podTerminal.put(jobOf(p), Instant.now()));
  }

  public static void main(String[] args) throws Exception {
    int raw = Integer.getInteger("bench.raw", 200);
    int executions = Integer.getInteger("bench.executions", 20);
    int wide = Integer.getInteger("bench.wide", 500);
    Path dir = Path.of("target", "bench-cluster-" + System.currentTimeMillis()).toAbsolutePath();
    // The chart's defaults, as a user installs it.
    try (RealCluster cluster = RealCluster.start(dir, List.of())) {
      cluster.ensureOperator();
      ClusterBench bench = new ClusterBench(cluster);
      bench.rawJobs(raw);
      bench.dag("fanout", executions, ClusterBench::fanOut);
      bench.dag("chain", executions, ClusterBench::chain);
      bench.dag("wide", 1, n -> wide(wide));
      bench.failures(executions);
      bench.report();
    }
    System.exit(0);
  }

  /** Every container succeeds at once; nodes named "fail*" exit 1. */
  private static PodPlan plan(Pod pod) {
    String node = pod.getMetadata().getLabels().getOrDefault("terminus.dev/node", "");
    return node.startsWith("fail")
        ? PodPlan.exit(1, Duration.ZERO, null)
        : PodPlan.succeed(Duration.ZERO, "{\"status\":\"succeeded\",\"output\":\"ok\"}");
  }

  // ---- shapes -----------------------------------------------------------------------------

  /** 1 -> 8 -> 1. */
  static List<NodeBuilder> fanOut(int i) {
    List<NodeBuilder> nodes = new ArrayList<>();
    nodes.add(node("root"));
    List<String> middle = IntStream.range(0, 8).mapToObj(k -> "m" + k).toList();
    middle.forEach(m -> nodes.add(node(m).dependsOn("root")));
    nodes.add(node("join").dependsOn(middle.toArray(String[]::new)));
    return nodes;
  }

  /** n0 -> n1 -> ... -> n9. */
  static List<NodeBuilder> chain(int i) {
    List<NodeBuilder> nodes = new ArrayList<>();
    nodes.add(node("n0"));
    for (int k = 1; k < 10; k++) {
      nodes.add(node("n" + k).dependsOn("n" + (k - 1)));
    }
    return nodes;
  }

  static List<NodeBuilder> wide(int width) {
    return IntStream.range(0, width).mapToObj(k -> node("w" + k)).toList();
  }

  // ---- phases -----------------------------------------------------------------------------

  /** Job creates per second the cluster completes with the node agent and the Job controller. */
  private void rawJobs(int count) throws Exception {
    String ns = cluster.namespace("raw", ClusterBench::plan);
    long mark = audit.mark();
    Instant start = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      String name = "raw-" + i;
      pool.execute(() -> admin.batch().v1().jobs().inNamespace(ns).resource(job(name)).create());
    }
    pool.shutdown();
    awaitUntil(Duration.ofMinutes(5), () -> complete(ns) >= count);
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    List<AuditLog.Request> requests = audit.since(mark);
    double clusterWrites =
        writes(requests, ClusterIdentity.CONTROLLER_MANAGER)
            + writes(requests, ClusterIdentity.NODE_AGENT);
    results.put("raw.jobsPerSecond", round(count / seconds));
    results.put("raw.clusterWritesPerJob", round(clusterWrites / count));
  }

  private void dag(
      String shape, int executions, java.util.function.IntFunction<List<NodeBuilder>> nodes) {
    String ns = cluster.namespace("bench-" + shape, ClusterBench::plan);
    Map<String, Instant> finished = watchTerminal(ns);
    long mark = audit.mark();
    Duration cpuBefore = operatorCpu();
    Instant start = Instant.now();
    int total = 0;
    for (int i = 0; i < executions; i++) {
      List<NodeBuilder> spec = nodes.apply(i);
      total += spec.size();
      WorkflowExecution e =
          execution(shape + "-" + i).namespace(ns).nodes(spec.toArray(NodeBuilder[]::new)).build();
      admin.resource(e).create();
    }
    awaitUntil(Duration.ofMinutes(10), () -> finished.size() >= executions);
    Instant end = finished.values().stream().max(Instant::compareTo).orElseThrow();
    double seconds = Duration.between(start, end).toMillis() / 1000.0;
    List<AuditLog.Request> requests = audit.since(mark);
    double operatorWrites = writes(requests, OPERATOR_USER);
    double operatorReads = reads(requests, OPERATOR_USER);
    double allWrites =
        requests.stream()
            .filter(AuditLog.Request::isWrite)
            .filter(r -> !r.resource().equals("leases"))
            .count();
    results.put(shape + ".nodes", total);
    results.put(shape + ".nodesPerSecond", round(total / seconds));
    results.put(shape + ".operatorWritesPerNode", round(operatorWrites / total));
    results.put(shape + ".operatorReadsPerNode", round(operatorReads / total));
    results.put(shape + ".totalWritesPerNode", round(allWrites / total));
    results.put(
        shape + ".operatorCpuMsPerNode",
        round((operatorCpu().minus(cpuBefore)).toMillis() / (double) total));
    if (shape.equals("chain")) {
      results.put("chain.schedulingP50Ms", percentile(schedulingLatencies(requests), 0.5));
      results.put("chain.schedulingP99Ms", percentile(schedulingLatencies(requests), 0.99));
    }
    if (shape.equals("wide")) {
      WorkflowExecution e =
          admin.resources(WorkflowExecution.class).inNamespace(ns).withName("wide-0").get();
      results.put(
          "wide.statusKiB",
          round(admin.getKubernetesSerialization().asJson(e.getStatus()).length() / 1024.0));
    }
  }

  /** From a one-node execution's Pod written Failed to the execution's status showing it. */
  private void failures(int executions) {
    String ns = cluster.namespace("bench-fail", ClusterBench::plan);
    Map<String, Instant> finished = watchTerminal(ns);
    for (int i = 0; i < executions; i++) {
      admin.resource(execution("fail-" + i).namespace(ns).nodes(node("fail")).build()).create();
    }
    awaitUntil(Duration.ofMinutes(5), () -> finished.size() >= executions);
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < executions; i++) {
      Instant failed = podTerminal.get("fail-" + i + "-fail-1");
      if (failed != null) {
        latencies.add((double) Duration.between(failed, finished.get("fail-" + i)).toMillis());
      }
    }
    results.put("failure.detectionP50Ms", percentile(latencies, 0.5));
    results.put("failure.detectionP99Ms", percentile(latencies, 0.99));
  }

  // ---- measuring --------------------------------------------------------------------------

  /** Each chain node's Job create (by the operator) after its upstream Pod's terminal write. */
  private List<Double> schedulingLatencies(List<AuditLog.Request> requests) {
    List<Double> latencies = new ArrayList<>();
    for (AuditLog.Request r : requests) {
      if (!r.user().equals(OPERATOR_USER)
          || !r.verb().equals("create")
          || !r.resource().equals("jobs")
          || r.code() != 201) {
        continue;
      }
      // chain-<i>-n<k>-1 follows chain-<i>-n<k-1>-1
      String[] parts = r.name().split("-");
      if (parts.length != 4 || !parts[2].startsWith("n") || parts[2].equals("n0")) {
        continue;
      }
      int k = Integer.parseInt(parts[2].substring(1));
      Instant upstream = podTerminal.get(parts[0] + "-" + parts[1] + "-n" + (k - 1) + "-1");
      if (upstream != null) {
        latencies.add((double) Duration.between(upstream, r.at()).toMillis());
      }
    }
    return latencies;
  }

  private Map<String, Instant> watchTerminal(String ns) {
    Map<String, Instant> finished = new ConcurrentHashMap<>();
    admin
        .resources(WorkflowExecution.class)
        .inNamespace(ns)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(WorkflowExecution e) {
                onUpdate(null, e);
              }

              @Override
              public void onUpdate(WorkflowExecution before, WorkflowExecution e) {
                ExecutionPhase phase = e.getStatus() == null ? null : e.getStatus().phase();
                if (phase == ExecutionPhase.Succeeded || phase == ExecutionPhase.Failed) {
                  finished.putIfAbsent(e.getMetadata().getName(), Instant.now());
                }
              }

              @Override
              public void onDelete(WorkflowExecution e, boolean unknown) {}
            });
    return finished;
  }

  private Duration operatorCpu() {
    return cluster.leader().map(OperatorReplica::cpu).orElse(Duration.ZERO);
  }

  private static double writes(List<AuditLog.Request> requests, String user) {
    return requests.stream()
        .filter(r -> r.user().equals(user) && r.isWrite() && !r.resource().equals("leases"))
        .count();
  }

  private static double reads(List<AuditLog.Request> requests, String user) {
    return requests.stream()
        .filter(r -> r.user().equals(user) && !r.isWrite() && !r.resource().equals("leases"))
        .filter(r -> !r.verb().equals("watch"))
        .count();
  }

  private int complete(String ns) {
    return (int)
        admin.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
            .filter(
                j ->
                    j.getStatus() != null
                        && j.getStatus().getSucceeded() != null
                        && j.getStatus().getSucceeded() == 1)
            .count();
  }

  private static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String jobOf(Pod pod) {
    return pod.getMetadata().getLabels().getOrDefault("job-name", pod.getMetadata().getName());
  }

  private static void awaitUntil(Duration bound, java.util.function.BooleanSupplier done) {
    org.awaitility.Awaitility.await()
        .atMost(bound)
        .pollInterval(Duration.ofMillis(200))
        .until(done::getAsBoolean);
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private void report() throws Exception {
    System.out.println();
    System.out.println("Terminus on the real control plane (kube-apiserver 1.37.2, etcd 3.6.16)");
    results.forEach((k, v) -> System.out.printf("  %-32s %s%n", k, v));
    Path out = Path.of(System.getProperty("bench.output", "target/bench/cluster-results.json"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, admin.getKubernetesSerialization().asJson(results));
    System.out.println("wrote " + out);
  }
}
