package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status must stay far below etcd's 1.5 MiB object limit. The worst case for 500 nodes: every
 * node retried to its history cap with long failure messages and a full output preview.
 */
class StatusSizeTest {

  @Test
  void statusOf500NodeExecutionStaysUnder256KiBInTheWorstCase() {
    EngineDriver e = retriedToTheCap(500);
    int bytes = Serialization.asJson(e.status).getBytes(StandardCharsets.UTF_8).length;
    System.out.printf("status of a 500-node execution, worst case: %d bytes%n", bytes);
    assertThat(e.status.nodes()).allSatisfy(n -> assertThat(n.attempts()).isEqualTo(8));
    assertThat(bytes).isLessThan(256 * 1024);
  }

  @Test
  void smallExecutionsKeepFullDetail() {
    EngineDriver e = retriedToTheCap(5);
    assertThat(e.status.nodes()).allSatisfy(n -> assertThat(n.history()).hasSize(5));
    assertThat(e.status.nodes()).allSatisfy(n -> assertThat(n.outputPreview()).hasSize(256));
  }

  private static EngineDriver retriedToTheCap(int size) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(node("node-" + i).retry(10, 0, FailureReason.Error).build());
    }
    WorkflowExecutionSpec spec =
        new WorkflowExecutionSpec(
            null, new WorkflowSpec(null, null, nodes), null, null, null, null, null, null, null);
    EngineDriver e = new EngineDriver(spec);
    String longMessage = "x".repeat(4096);
    for (int attempt = 1; attempt <= 7; attempt++) {
      e.step();
      for (String job : new ArrayList<>(e.jobs.keySet())) {
        e.jobs.put(job, e.failed(FailureReason.Error, 1, longMessage));
      }
      e.step();
      e.advance(Duration.ofSeconds(1));
    }
    e.step();
    for (String job : new ArrayList<>(e.jobs.keySet())) {
      e.jobs.put(job, e.succeeded("y".repeat(4096)));
    }
    e.step();
    return e;
  }
}
