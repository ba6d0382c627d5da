package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.jobs.JobFactory;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server's own ceiling: how fast it accepts Job creates from a few concurrent clients, with
 * nothing else running but a watch of Jobs (as a real cluster's Job controller keeps). The Jobs are
 * the operator's own manifests (same size, same labels).
 */
final class RawJobCreates {

  private RawJobCreates() {}

  /**
   * Creates {@code count} Jobs on a fresh API server.
   *
   * @param jobsPerSecond Jobs created per second of wall time
   * @param serverMillisPerCreate time the API server spent on each create
   */
  record Result(double jobsPerSecond, double serverMillisPerCreate) {}

  /**
   * The median of {@code runs} measurements, each on a fresh server: one run of a few hundred
   * creates lasts under a second, which a busy machine disturbs easily.
   */
  static Result medianOf(int runs, int count, int threads) throws Exception {
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      results.add(measure(count, threads));
    }
    return new Result(
        Stats.median(results.stream().map(Result::jobsPerSecond).toList()),
        Stats.median(results.stream().map(Result::serverMillisPerCreate).toList()));
  }

  static Result measure(int count, int threads) throws Exception {
    try (BenchCluster cluster = new BenchCluster();
        SharedIndexInformer<Job> jobController = watchJobs(cluster)) {
      List<Job> jobs = manifests(count);
      cluster.ledger.drain();
      double seconds = createAll(cluster.driver(), jobs, threads);
      RequestCounts creates = new RequestCounts(cluster.ledger.drain(), Tag.DRIVER);
      return new Result(count / seconds, creates.serverNanos() / 1e6 / count);
    }
  }

  /** A real cluster's Job controller watches every Job: the creates pay for that watch here too. */
  private static SharedIndexInformer<Job> watchJobs(BenchCluster cluster) {
    return cluster.simulator().batch().v1().jobs().inAnyNamespace().inform();
  }

  private static double createAll(KubernetesClient client, List<Job> jobs, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads, new NamedThreads("driver-raw"));
    AtomicInteger next = new AtomicInteger();
    try {
      long start = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < jobs.size();
                      i = next.getAndIncrement()) {
                    client.batch().v1().jobs().resource(jobs.get(i)).create();
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Job> manifests(int count) {
    Dag dag = Dag.fanOutFanIn();
    OperatorConfig defaults = OperatorConfig.defaults();
    JobFactory factory =
        new JobFactory(
            defaults.workerImage(), defaults.defaultNodeDeadline(), null, defaults.engine());
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WorkflowExecution wfx = dag.execution("raw-" + (i / dag.size()));
      wfx.getMetadata().setUid("uid-" + (i / dag.size()));
      NodeSpec node = wfx.getSpec().workflow().nodes().get(i % dag.size());
      String name = wfx.getMetadata().getName() + "-" + node.name() + "-1";
      jobs.add(factory.build(wfx, wfx.getSpec().workflow(), node, 1, name, List.of()));
    }
    return jobs;
  }
}
