package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.kubesim.PodPlan;
import dev.terminus.kubesim.PodScript;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A running node whose Job or Pod someone deletes does not stay running: the Job's deletion is
 * JobLost, the Pod's deletion ends the attempt through the kubelet and the Job controller.
 */
@ExtendWith(RealClusterExtension.class)
class LostJobsAndPodsClusterTest {

  private static KubernetesClient admin;
  private static String namespace;
  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster cluster) {
    cluster.ensureOperator();
    admin = cluster.admin();
    namespace = cluster.namespace("lost", PodScript.always(PodPlan.runForever()));
    executions = new Executions(admin, namespace);
  }

  @Test
  void jobDeletedWhileRunningFailsTheNodeLost() {
    executions.create(execution("job-lost").nodes(node("work").deadline(300)).build());
    Pod running = executions.awaitRunningPod("job-lost", "work", Duration.ofSeconds(30));
    String job = running.getMetadata().getOwnerReferences().get(0).getName();

    admin.batch().v1().jobs().inNamespace(namespace).withName(job).delete();

    WorkflowExecution done = executions.awaitTerminal("job-lost", Duration.ofSeconds(45));
    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    NodeStatus work = Executions.node(done, "work");
    assertThat(work.reason()).isEqualTo(Reason.Lost);
    assertThat(work.message()).contains(job);
  }

  @Test
  void podDeletedWhileRunningFailsTheNodeLostNotError() {
    executions.create(execution("pod-lost").nodes(node("work").deadline(300)).build());
    Pod running = executions.awaitRunningPod("pod-lost", "work", Duration.ofSeconds(30));

    admin.pods().inNamespace(namespace).withName(running.getMetadata().getName()).delete();

    WorkflowExecution done = executions.awaitTerminal("pod-lost", Duration.ofSeconds(45));
    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    NodeStatus work = Executions.node(done, "work");
    assertThat(work.reason())
        .as("a deleted Pod is lost, not an error of the program")
        .isEqualTo(Reason.Lost);
    assertThat(work.message()).contains("was deleted while it ran");
  }
}
