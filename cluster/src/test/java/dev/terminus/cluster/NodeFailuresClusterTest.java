package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.kubesim.PodPlan;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a node fails on the real control plane, each with its typed reason: C1 (a node that runs past
 * its activeDeadlineSeconds is stopped by Kubernetes' Job controller and the execution fails
 * DeadlineExceeded, instead of "running" forever), an exit code, the OOM killer, an eviction.
 */
@ExtendWith(RealClusterExtension.class)
class NodeFailuresClusterTest {

  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster cluster) {
    cluster.ensureOperator();
    executions =
        new Executions(
            cluster.admin(),
            cluster.namespace(
                "failures",
                PodScripts.byNode(
                    Map.of(
                        "sleeper", pod -> PodPlan.runForever(),
                        "crash",
                            pod ->
                                PodPlan.exit(
                                    3,
                                    Duration.ofMillis(300),
                                    "{\"status\":\"failed\",\"error\":{\"type\":\"UpstreamDown\",\"message\":\"connection refused\"}}"),
                        "hog", pod -> PodPlan.oomKilled(Duration.ofMillis(300)),
                        "evictee", pod -> PodPlan.evicted(Duration.ofMillis(300))))));
  }

  @Test
  void c1NodeDeadlineIsEnforcedByTheJobControllerAndFailsTheExecution() {
    executions.create(
        execution("c1-deadline")
            .nodes(node("sleeper").deadline(3), node("after").dependsOn("sleeper"))
            .build());

    WorkflowExecution done = executions.awaitTerminal("c1-deadline", Duration.ofSeconds(45));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    NodeStatus sleeper = Executions.node(done, "sleeper");
    assertThat(sleeper.phase()).isEqualTo(NodePhase.Failed);
    assertThat(sleeper.reason()).isEqualTo(Reason.DeadlineExceeded);
    // FailureTarget first (Terminus may act on it), then Failed once its Pod has terminated.
    await("the real Job controller's verdict")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                executions.jobs("c1-deadline").stream()
                    .filter(j -> j.getMetadata().getName().equals(sleeper.job()))
                    .findFirst()
                    .orElseThrow(),
            job ->
                job.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            "Failed".equals(c.getType())
                                && "DeadlineExceeded".equals(c.getReason())));
    assertThat(Executions.node(done, "after").phase()).isNotEqualTo(NodePhase.Succeeded);
  }

  @Test
  void nonZeroExitFailsTheNodeWithItsExitCodeAndErrorType() {
    executions.create(execution("exit-code").nodes(node("crash")).build());

    WorkflowExecution done = executions.awaitTerminal("exit-code", Duration.ofSeconds(45));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(done.getStatus().reason()).isEqualTo(Reason.NodeFailed);
    NodeStatus crash = Executions.node(done, "crash");
    assertThat(crash.reason()).isEqualTo(Reason.Error);
    assertThat(crash.exitCode()).isEqualTo(3);
    assertThat(crash.errorType()).isEqualTo("UpstreamDown");
  }

  @Test
  void oomKilledFailsTheNodeOOMKilled() {
    executions.create(execution("oom").nodes(node("hog")).build());

    WorkflowExecution done = executions.awaitTerminal("oom", Duration.ofSeconds(45));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(Executions.node(done, "hog").reason()).isEqualTo(Reason.OOMKilled);
  }

  @Test
  void evictionFailsTheNodeEvicted() {
    executions.create(execution("evicted").nodes(node("evictee")).build());

    WorkflowExecution done = executions.awaitTerminal("evicted", Duration.ofSeconds(45));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(Executions.node(done, "evictee").reason()).isEqualTo(Reason.Evicted);
  }
}
