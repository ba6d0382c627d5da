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
 * H1: the operator is killed with SIGKILL in the middle of running executions (no graceful stop,
 * its Lease not released) and a new replica takes over: every execution still ends Succeeded, and
 * no node's Job is created twice.
 */
@ExtendWith(RealClusterExtension.class)
class OperatorCrashClusterTest {

  private static final int EXECUTIONS = 4;
  private static RealCluster cluster;
  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster given) {
    cluster = given;
    cluster.ensureOperator();
    executions = cluster.executions("crash", PodScripts.succeedAfter(Duration.ofSeconds(2)));
  }

  @Test
  void h1OperatorKilledMidRunAndRestartedEndsEveryExecution() {
    List<String> names = IntStream.range(0, EXECUTIONS).mapToObj(i -> "chain-" + i).toList();
    for (String name : names) {
      executions.createChain(name);
    }
    executions.awaitRunningPod(names.get(0), "one", Duration.ofSeconds(30));

    OperatorReplica leader = cluster.leader().orElseThrow();
    leader.kill();
    cluster.ensureOperator();

    for (String name : names) {
      WorkflowExecution done = executions.awaitTerminal(name, Duration.ofSeconds(90));
      assertThat(done.getStatus().phase()).as(name).isEqualTo(ExecutionPhase.Succeeded);
      List<Job> jobs = executions.jobs(name);
      assertThat(jobs).as("one Job per node of " + name).hasSize(3);
      assertThat(jobs)
          .extracting(j -> j.getMetadata().getLabels().get("terminus.dev/attempt"))
          .containsOnly("1");
    }
  }
}
