package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A diamond DAG runs to Succeeded on the real control plane: Jobs created with the chart's RBAC,
 * completed by Kubernetes' own Job controller, outputs travelling downstream through the Pods'
 * TERMINUS_INPUTS.
 */
@ExtendWith(RealClusterExtension.class)
class DagRunsToSucceededClusterTest {

  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster cluster) {
    cluster.ensureOperator();
    executions = new Executions(cluster.admin(), cluster.namespace("dag", PodScripts.DEFAULT));
  }

  @Test
  void diamondSucceedsAndOutputsFlowDownstream() {
    executions.create(
        execution("diamond")
            .nodes(
                node("fetch"),
                node("left").dependsOn("fetch"),
                node("right").dependsOn("fetch"),
                node("join").dependsOn("left", "right"))
            .build());

    WorkflowExecution done = executions.awaitTerminal("diamond", Duration.ofSeconds(60));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Succeeded);
    assertThat(done.getStatus().progress()).isEqualTo("4/4");
    assertThat(done.getStatus().startedAt()).isNotNull();
    String join = Executions.node(done, "join").outputPreview();
    assertThat(join)
        .startsWith("join<-")
        .contains("left<-")
        .contains("right<-")
        .contains("fetch<-");
    // Terminus reads the Pod's verdict; the Job controller records its own moments later.
    List<Job> jobs =
        await("every Job Complete")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> executions.jobs("diamond"),
                all ->
                    all.size() == 4
                        && all.stream().allMatch(DagRunsToSucceededClusterTest::complete));
    for (Job job : jobs) {
      assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
      OwnerReference owner = job.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getUid()).isEqualTo(done.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    }
  }

  private static boolean complete(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
