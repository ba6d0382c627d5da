package dev.terminus.operator.chaos;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the chaos test): a Job is stopped only after the status that says why is
 * written. Before, the watchdog deleted a Job past its deadline and then failed to write the
 * status; the next reconcile found the Job gone and recorded Lost instead of DeadlineExceeded.
 */
class StopAfterRecordTest {
  @Test
  void deadlineBackstopWithFailingStatusWritesStillEndsDeadlineExceeded() throws Exception {
    ChaosSettings settings = new ChaosSettings(1, 1);
    try (TestCluster cluster = TestCluster.start();
        FakeJobController jobs =
            new FakeJobController(cluster.newClient(), Script.always(Behaviour.runForever()))
                .start();
        OperatorLifecycle operators = OperatorLifecycle.start(cluster, settings.operatorConfig())) {
      KubernetesClient client = cluster.client();
      ApiFaults api = new ApiFaults(cluster.server(), "chaos");
      // No Job controller acts: only the operator's backstop (1 s + 2 s grace) can end the node.
      jobs.pause();
      client
          .resource(execution("bug-1").namespace("chaos").nodes(node("hang").deadline(1)).build())
          .create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> phaseOf(client, "hang") == NodePhase.Pending);
      api.failStatusWrites("bug-1", 5);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> current(client).getStatus().phase().isTerminal());
      var node = current(client).getStatus().nodes().get(0);
      assertThat(node.phase()).isEqualTo(NodePhase.Failed);
      assertThat(node.reason()).isEqualTo(Reason.DeadlineExceeded);
      jobs.resume();
    }
  }

  private static WorkflowExecution current(KubernetesClient client) {
    return client.resources(WorkflowExecution.class).inNamespace("chaos").withName("bug-1").get();
  }

  private static NodePhase phaseOf(KubernetesClient client, String node) {
    WorkflowExecution w = current(client);
    if (w == null || w.getStatus() == null || w.getStatus().nodes() == null) {
      return null;
    }
    return w.getStatus().nodes().stream()
        .filter(n -> n.name().equals(node) && n.job() != null)
        .findFirst()
        .map(n -> n.phase())
        .orElse(null);
  }
}
