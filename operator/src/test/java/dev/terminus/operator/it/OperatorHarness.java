package dev.terminus.operator.it;

import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.config.Setting;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import dev.terminus.operator.metrics.OperatorMetrics;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One mock API server, one fake Job controller and one operator, shared by a test class. Tests use
 * distinct execution names, so they do not see each other's Jobs.
 */
final class OperatorHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final TestCluster cluster;
  final KubernetesClient client;
  final FakeJobController jobs;
  TerminusOperator operator;
  private final OperatorConfig config;
  private final Function<TestCluster, KubernetesClient> operatorClient;
  private final ProjectionSink sink;

  OperatorHarness(OperatorConfig config) {
    this(config, TestCluster::newClient);
  }

  /** With the operator's client made by {@code operatorClient}, e.g. with short timeouts. */
  OperatorHarness(OperatorConfig config, Function<TestCluster, KubernetesClient> operatorClient) {
    this(config, operatorClient, ProjectionSink.NONE);
  }

  /** With projections (the caller closes the sink). */
  OperatorHarness(OperatorConfig config, ProjectionSink sink) {
    this(config, TestCluster::newClient, sink);
  }

  private OperatorHarness(
      OperatorConfig config,
      Function<TestCluster, KubernetesClient> operatorClient,
      ProjectionSink sink) {
    this.config = config;
    this.operatorClient = operatorClient;
    this.sink = sink;
    this.cluster = TestCluster.start();
    this.client = cluster.client();
    this.jobs = new FakeJobController(cluster.newClient(), Script.succeedAll()).start();
    startOperator();
  }

  static OperatorConfig fastConfig() {
    return OperatorConfig.defaults()
        .with(Setting.RESYNC, Duration.ofSeconds(3))
        .with(Setting.WORKFLOW_NOT_FOUND_TIMEOUT, Duration.ofSeconds(3))
        .with(Setting.DEADLINE_GRACE, Duration.ofSeconds(2))
        .with(Setting.POD_LOST_GRACE, Duration.ofSeconds(2))
        .with(Setting.DELETION_TIMEOUT, Duration.ofSeconds(3));
  }

  void startOperator() {
    KubernetesClient operatorSide = operatorClient.apply(cluster);
    operator =
        TerminusOperator.create(
                operatorSide,
                config,
                HeartbeatSource.NONE,
                new KubernetesEventRecorder(operatorSide),
                new SimpleMeterRegistry(),
                sink,
                Clock.systemUTC())
            .start();
  }

  void stopOperator() {
    operator.close();
  }

  WorkflowExecution create(WorkflowExecution wfx) {
    return client.resource(wfx).create();
  }

  Workflow create(Workflow wf) {
    return client.resource(wf).create();
  }

  WorkflowExecution get(String name) {
    return get(TestCluster.NAMESPACE, name);
  }

  WorkflowExecution get(String namespace, String name) {
    return client.resources(WorkflowExecution.class).inNamespace(namespace).withName(name).get();
  }

  WorkflowExecution awaitPhase(String name, ExecutionPhase phase) {
    return awaitPhase(TestCluster.NAMESPACE, name, phase);
  }

  WorkflowExecution awaitPhase(String namespace, String name, ExecutionPhase phase) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              WorkflowExecution w = get(namespace, name);
              return w != null && w.getStatus() != null && w.getStatus().phase() == phase;
            });
    return get(namespace, name);
  }

  List<Job> jobsOf(String execution) {
    return jobs.jobs(execution);
  }

  /** How often a watchdog rule has fired, from the operator's metrics. */
  double detections(String rule) {
    var counter =
        operator.meterRegistry().find(OperatorMetrics.DETECTIONS).tag("rule", rule).counter();
    return counter == null ? 0 : counter.count();
  }

  List<String> eventReasons(String name) {
    return eventsOf(name).stream().map(Event::getReason).toList();
  }

  List<Event> eventsOf(String name) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The same execution with spec.cancel set, as {@code kubectl patch} would make it. */
  static WorkflowExecution withCancel(WorkflowExecution w) {
    var s = w.getSpec();
    w.setSpec(
        new dev.terminus.crd.v1alpha1.WorkflowExecutionSpec(
            s.workflowRef(),
            s.workflow(),
            s.inputs(),
            s.activeDeadlineSeconds(),
            s.budget(),
            true,
            s.suspend(),
            s.ttlSecondsAfterFinished(),
            s.approvals()));
    return w;
  }

  @Override
  public void close() {
    operator.close();
    jobs.close();
    cluster.close();
  }
}
