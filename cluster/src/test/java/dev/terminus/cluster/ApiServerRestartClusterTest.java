package dev.terminus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kube-apiserver is restarted while executions run (watches break, requests fail, the Lease cannot
 * be renewed for a while): nothing is left stuck and nothing is done twice.
 */
@ExtendWith(RealClusterExtension.class)
class ApiServerRestartClusterTest {

  private static RealCluster cluster;
  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster given) {
    cluster = given;
    cluster.ensureOperator();
    executions = cluster.executions("apiserver", PodScripts.succeedAfter(Duration.ofSeconds(2)));
  }

  @Test
  void apiServerRestartedMidRunLeavesNothingStuckAndNothingDuplicated() throws Exception {
    List<String> names = IntStream.range(0, 3).mapToObj(i -> "restart-" + i).toList();
    for (String name : names) {
      executions.createChain(name);
    }
    executions.awaitRunningPod(names.get(0), "one", Duration.ofSeconds(30));

    cluster.plane().restartApiServer();
    // A replica that lost its Lease while the API server was away exits; the Deployment would
    // restart it, and so does the suite.
    cluster.ensureOperator();

    for (String name : names) {
      WorkflowExecution done = executions.awaitTerminal(name, Duration.ofSeconds(120));
      assertThat(done.getStatus().phase()).as(name).isEqualTo(ExecutionPhase.Succeeded);
      List<Job> jobs = executions.jobs(name);
      assertThat(jobs).as("one Job per node of " + name).hasSize(3);
    }
  }
}
