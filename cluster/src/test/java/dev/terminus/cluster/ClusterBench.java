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

  /**
   * Argo's client limits, raised from its defaults (20/30) so that neither controller is held by
   * its own client: Terminus's fabric8 client has no rate limit. Argo's 32 workflow workers are its
   * default; Terminus runs the chart's 10 reconcile threads.
   */
  static final int QPS = 1000;

  static final int BURST = 1000;
  static final int WORKERS = 32;

  private final RealCluster cluster;
  private final KubernetesClient admin;
  private final AuditLog audit;
  private final Map<String, Instant> podTerminal = new ConcurrentHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final Map<String, String> podKeys = new ConcurrentHashMap<>();

  private ClusterBench(RealCluster cluster) {
    this.cluster = cluster;
    this.admin = cluster.admin();
    this.audit = new AuditLog(cluster.plane().auditLog());
    cluster.nodeAgent().onTerminal(p -> podTerminal.put(runAndNode(p), Instant.now()));
    admin
        .pods()
        .inAnyNamespace()
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Pod pod) {
                podKeys.put(pod.getMetadata().getName(), runAndNode(pod));
              }

              @Override
              public void onUpdate(Pod before, Pod pod) {}

              @Override
              public void onDelete(Pod pod, boolean unknown) {}
            });
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
      List<Peer> peers = new ArrayList<>(List.of(bench.terminus()));
      ArgoPeer argo = null;
      if (Boolean.parseBoolean(System.getProperty("bench.argo", "true"))) {
        argo = ArgoPeer.start(cluster, QPS, BURST, WORKERS);
        peers.add(argo(argo));
      }
      for (Peer peer : peers) {
        bench.dag(peer, "fanout", executions, fanOut());
        bench.dag(peer, "chain", executions, chain());
        bench.dag(peer, "wide", 1, wide(wide));
        bench.failures(peer, executions);
      }
      if (argo != null) {
        argo.close();
      }
      bench.report();
    }
    System.exit(0);
  }

  /** Every container succeeds at once; nodes named "fail*" exit 1. */
  private static PodPlan plan(Pod pod) {
    String node = runAndNode(pod);
    return node.endsWith("/fail")
        ? PodPlan.exit(1, Duration.ZERO, null)
        : PodPlan.succeed(Duration.ZERO, "{\"status\":\"succeeded\",\"output\":\"ok\"}");
  }

  // ---- shapes -----------------------------------------------------------------------------

  /** A node of a DAG shape, for either peer. */
  record Task(String name, List<String> dependsOn) {}

  /** 1 -> 8 -> 1. */
  static List<Task> fanOut() {
    List<Task> tasks = new ArrayList<>();
    tasks.add(new Task("root", List.of()));
    List<String> middle = IntStream.range(0, 8).mapToObj(k -> "m" + k).toList();
    middle.forEach(m -> tasks.add(new Task(m, List.of("root"))));
    tasks.add(new Task("join", middle));
    return tasks;
  }

  /** n0 -> n1 -> ... -> n9. */
  static List<Task> chain() {
    List<Task> tasks = new ArrayList<>();
    tasks.add(new Task("n0", List.of()));
    for (int k = 1; k < 10; k++) {
      tasks.add(new Task("n" + k, List.of("n" + (k - 1))));
    }
    return tasks;
  }

  static List<Task> wide(int width) {
    return IntStream.range(0, width).mapToObj(k -> new Task("w" + k, List.of())).toList();
  }

  /** One Workflow engine under measurement. */
  interface Peer {
    String name();

    /** The API server user its controller acts as. */
    String user();

    void submit(String namespace, String name, List<Task> tasks);

    Map<String, Instant> watchTerminal(String namespace);

    Duration cpu();

    int statusBytes(String namespace, String name);
  }

  private Peer terminus() {
    return new Peer() {
      @Override
      public String name() {
        return "terminus";
      }

      @Override
      public String user() {
        return OPERATOR_USER;
      }

      @Override
      public void submit(String namespace, String name, List<Task> tasks) {
        NodeBuilder[] nodes =
            tasks.stream()
                .map(t -> node(t.name()).dependsOn(t.dependsOn().toArray(String[]::new)))
                .toArray(NodeBuilder[]::new);
        admin.resource(execution(name).namespace(namespace).nodes(nodes).build()).create();
      }

      @Override
      public Map<String, Instant> watchTerminal(String namespace) {
        return ClusterBench.this.watchTerminal(namespace);
      }

      @Override
      public Duration cpu() {
        return operatorCpu();
      }

      @Override
      public int statusBytes(String namespace, String name) {
        WorkflowExecution e =
            admin.resources(WorkflowExecution.class).inNamespace(namespace).withName(name).get();
        return admin.getKubernetesSerialization().asJson(e.getStatus()).length();
      }
    };
  }

  private static Peer argo(ArgoPeer argo) {
    return new Peer() {
      @Override
      public String name() {
        return "argo";
      }

      @Override
      public String user() {
        return ClusterIdentity.ARGO_CONTROLLER;
      }

      @Override
      public void submit(String namespace, String name, List<Task> tasks) {
        argo.submit(namespace, name, tasks);
      }

      @Override
      public Map<String, Instant> watchTerminal(String namespace) {
        return argo.watchTerminal(namespace);
      }

      @Override
      public Duration cpu() {
        return argo.cpu();
      }

      @Override
      public int statusBytes(String namespace, String name) {
        return argo.statusBytes(namespace, name);
      }
    };
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

  private void dag(Peer peer, String shape, int executions, List<Task> tasks) {
    String prefix = peer.name() + "." + shape;
    String ns = cluster.namespace(peer.name() + "-" + shape, ClusterBench::plan);
    Map<String, Instant> finished = peer.watchTerminal(ns);
    long mark = audit.mark();
    Duration cpuBefore = peer.cpu();
    Instant start = Instant.now();
    for (int i = 0; i < executions; i++) {
      peer.submit(ns, shape + "-" + i, tasks);
    }
    int total = executions * tasks.size();
    awaitUntil(Duration.ofMinutes(10), () -> finished.size() >= executions);
    Instant end = finished.values().stream().max(Instant::compareTo).orElseThrow();
    double seconds = Duration.between(start, end).toMillis() / 1000.0;
    Duration cpu = peer.cpu().minus(cpuBefore);
    List<AuditLog.Request> requests = audit.since(mark);
    double controllerWrites = writes(requests, peer.user());
    double allWrites =
        requests.stream()
            .filter(AuditLog.Request::isWrite)
            .filter(r -> !r.resource().equals("leases"))
            .count();
    results.put(prefix + ".nodes", total);
    results.put(prefix + ".nodesPerSecond", round(total / seconds));
    results.put(prefix + ".controllerWritesPerNode", round(controllerWrites / total));
    results.put(prefix + ".controllerReadsPerNode", round(reads(requests, peer.user()) / total));
    results.put(prefix + ".totalWritesPerNode", round(allWrites / total));
    results.put(prefix + ".controllerCpuMsPerNode", round(cpu.toMillis() / (double) total));
    results.put(prefix + ".writesByResource", byResource(requests, peer.user()));
    if (shape.equals("chain")) {
      List<Double> latencies = schedulingLatencies(requests, peer.user());
      results.put(prefix + ".schedulingP50Ms", percentile(latencies, 0.5));
      results.put(prefix + ".schedulingP99Ms", percentile(latencies, 0.99));
    }
    if (shape.equals("wide")) {
      results.put(prefix + ".statusKiB", round(peer.statusBytes(ns, "wide-0") / 1024.0));
    }
  }

  /** From a one-node run's Pod written Failed to the run's status showing it. */
  private void failures(Peer peer, int executions) {
    String ns = cluster.namespace(peer.name() + "-fail", ClusterBench::plan);
    Map<String, Instant> finished = peer.watchTerminal(ns);
    for (int i = 0; i < executions; i++) {
      peer.submit(ns, "fail-" + i, List.of(new Task("fail", List.of())));
    }
    awaitUntil(Duration.ofMinutes(5), () -> finished.size() >= executions);
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < executions; i++) {
      Instant failed = podTerminal.get("fail-" + i + "/fail");
      if (failed != null) {
        latencies.add((double) Duration.between(failed, finished.get("fail-" + i)).toMillis());
      }
    }
    results.put(peer.name() + ".failure.detectionP50Ms", percentile(latencies, 0.5));
    results.put(peer.name() + ".failure.detectionP99Ms", percentile(latencies, 0.99));
  }

  // ---- measuring --------------------------------------------------------------------------

  /**
   * Each chain node's first create by the controller (Terminus: its Job; Argo: its Pod) after its
   * upstream node's Pod was written terminal.
   */
  private List<Double> schedulingLatencies(List<AuditLog.Request> requests, String user) {
    List<Double> latencies = new ArrayList<>();
    for (AuditLog.Request r : requests) {
      if (!r.user().equals(user) || !r.verb().equals("create") || r.code() != 201) {
        continue;
      }
      String key =
          r.resource().equals("jobs")
              ? terminusKey(r.name())
              : r.resource().equals("pods") ? podKeys.get(r.name()) : null;
      if (key == null || !key.startsWith("chain-") || key.endsWith("/n0")) {
        continue;
      }
      int k = Integer.parseInt(key.substring(key.lastIndexOf("/n") + 2));
      Instant upstream = podTerminal.get(key.substring(0, key.lastIndexOf('/')) + "/n" + (k - 1));
      if (upstream != null) {
        latencies.add((double) Duration.between(upstream, r.at()).toMillis());
      }
    }
    return latencies;
  }

  /** chain-3-n4-1 (execution chain-3, node n4, attempt 1) -> chain-3/n4. */
  private static String terminusKey(String job) {
    String[] parts = job.split("-");
    return parts.length == 4 ? parts[0] + "-" + parts[1] + "/" + parts[2] : null;
  }

  /** The run and node a Pod plays: Terminus' labels, or Argo's node-name annotation. */
  static String runAndNode(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels != null && labels.containsKey("terminus.dev/execution")) {
      return labels.get("terminus.dev/execution") + "/" + labels.get("terminus.dev/node");
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String argo = annotations == null ? null : annotations.get("workflows.argoproj.io/node-name");
    if (argo != null && argo.contains(".")) {
      return argo.substring(0, argo.indexOf('.')) + "/" + argo.substring(argo.indexOf('.') + 1);
    }
    return pod.getMetadata().getName();
  }

  private static Map<String, Long> byResource(List<AuditLog.Request> requests, String user) {
    return requests.stream()
        .filter(r -> r.user().equals(user) && r.isWrite() && !r.resource().equals("leases"))
        .collect(
            java.util.stream.Collectors.groupingBy(
                r ->
                    r.verb()
                        + " "
                        + r.resource()
                        + (r.subresource().isEmpty() ? "" : "/" + r.subresource()),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
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

  /** A Job of one busybox container, no retries: the raw baseline's unit. */
  static Job job(String name) {
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
