package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A fresh mock API server whose requests are counted ({@link #ledger}), with clients for each side
 * and a choice of simulated cluster: the realistic {@link FakeJobController} (a Pod per Job, Pod
 * and Job status written as Kubernetes does) or the {@link LeanJobController}.
 */
final class BenchCluster implements AutoCloseable {

  static final String NAMESPACE = TestCluster.NAMESPACE;

  final ApiLedger ledger = new ApiLedger();
  final TestCluster cluster;
  final ExecutionWatch executions;
  private final TaggedClient driver;
  private final TaggedClient simulator;
  private AutoCloseable jobController;

  BenchCluster() {
    this.cluster = TestCluster.start(ledger);
    this.driver = new TaggedClient(cluster, Tag.DRIVER);
    this.simulator = new TaggedClient(cluster, Tag.CLUSTER);
    this.executions = new ExecutionWatch(driver.client());
  }

  KubernetesClient driver() {
    return driver.client();
  }

  /** The simulation's own client, for actions a cluster takes (deleting a Job, say). */
  KubernetesClient simulator() {
    return simulator.client();
  }

  /** Jobs and Pods run as on Kubernetes, as {@code script} says. */
  BenchCluster withFakeJobController(Script script) {
    jobController = new FakeJobController(simulator.client(), script).start();
    return this;
  }

  /** Jobs end with one status write, no Pod. */
  BenchCluster withLeanJobController(
      BiFunction<String, String, LeanOutcome> script, Duration runTime) {
    jobController = new LeanJobController(simulator.client(), script, runTime).start();
    return this;
  }

  OperatorUnderTest startOperator(OperatorConfig config) {
    return OperatorUnderTest.start(cluster, config);
  }

  /** Creates {@code count} executions of {@code dag} named {@code prefix-N}; returns the names. */
  List<String> createExecutions(Dag dag, String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      WorkflowExecution wfx = dag.execution(prefix + "-" + i);
      driver.client().resource(wfx).create();
      names.add(wfx.getMetadata().getName());
    }
    return names;
  }

  @Override
  public void close() {
    closeQuietly(jobController);
    closeQuietly(executions);
    closeQuietly(simulator);
    closeQuietly(driver);
    cluster.close();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // shutting down: nothing to do
    }
  }
}
