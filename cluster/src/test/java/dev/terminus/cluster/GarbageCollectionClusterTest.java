package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.kubesim.PodPlan;
import dev.terminus.kubesim.PodScript;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * H4 and M4 on the real control plane: a cancelled execution ends Cancelled with its Jobs deleted
 * and their Pods removed by Kubernetes' garbage collector; a deleted execution takes its Jobs and
 * Pods with it (ownerReferences), with nothing left running.
 */
@ExtendWith(RealClusterExtension.class)
class GarbageCollectionClusterTest {

  private static KubernetesClient admin;
  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster cluster) {
    cluster.ensureOperator();
    admin = cluster.admin();
    executions =
        new Executions(admin, cluster.namespace("gc", PodScript.always(PodPlan.runForever())));
  }

  @Test
  void h4CancelDeletesTheJobsAndTheGarbageCollectorTheirPods() {
    executions.create(
        execution("cancelled").nodes(node("a").deadline(300), node("b").deadline(300)).build());
    executions.awaitRunningPod("cancelled", "a", Duration.ofSeconds(30));
    executions.awaitRunningPod("cancelled", "b", Duration.ofSeconds(30));

    executions.mergePatch("cancelled", "{\"spec\":{\"cancel\":true}}");

    WorkflowExecution done = executions.awaitTerminal("cancelled", Duration.ofSeconds(30));
    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Cancelled);
    assertThat(done.getStatus().reason()).isEqualTo(Reason.Cancelled);
    await("Jobs and Pods of the cancelled execution gone")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> executions.jobs("cancelled").isEmpty() && executions.pods("cancelled").isEmpty());
  }

  @Test
  void m4DeletingAnExecutionGarbageCollectsItsJobsAndPods() {
    executions.create(execution("deleted").nodes(node("a").deadline(300)).build());
    executions.awaitRunningPod("deleted", "a", Duration.ofSeconds(30));

    admin.resources(WorkflowExecution.class).resource(executions.get("deleted")).delete();

    await("execution, Jobs and Pods gone")
        .atMost(Duration.ofSeconds(45))
        .until(
            () ->
                executions.get("deleted") == null
                    && executions.jobs("deleted").isEmpty()
                    && executions.pods("deleted").isEmpty());
  }

  @Test
  void aJobWhoseExecutionNoLongerExistsIsCollectedByKubernetesNotByTheOperator() {
    // As after an execution deleted while the operator was down, its finalizer forced away.
    Job stray =
        new JobBuilder(ClusterBench.job("gone-work-1"))
            .editMetadata()
            .addToLabels(Executions.EXECUTION_LABEL, "gone")
            .addNewOwnerReference()
            .withApiVersion("terminus.dev/v1alpha1")
            .withKind("WorkflowExecution")
            .withName("gone")
            .withUid("7f0c4a8e-0000-4000-8000-000000000000")
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .build();
    admin.batch().v1().jobs().inNamespace(executions.namespace()).resource(stray).create();

    await("the garbage collector deletes the orphan and its Pod")
        .atMost(Duration.ofSeconds(45))
        .until(() -> executions.jobs("gone").isEmpty() && executions.pods("gone").isEmpty());
  }
}
