package dev.terminus.embedded.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.embedded.EmbeddedSettings;
import dev.terminus.embedded.EmbeddedTerminus;
import dev.terminus.embedded.ExampleFollower;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@code make run RUN_ARGS=--api=kube-apiserver}: the same demo on the pinned kube-apiserver, etcd
 * and kube-controller-manager, the node agent running each Pod's container as a local process (the
 * real worker jar) and Kubernetes' own Job controller completing the Jobs.
 */
@DisabledIfSystemProperty(named = "terminus.cluster.skip", matches = "true")
class RealControlPlaneDemoEndToEndTest {

  @Test
  void theDiamondExampleRunsToSucceededWithRealOutputsOnTheRealControlPlane() throws Exception {
    Path dir = Files.createTempDirectory("terminus-demo-");
    try (EmbeddedTerminus terminus =
        EmbeddedTerminus.start(
            new EmbeddedSettings(
                EmbeddedCluster.fastConfig(),
                true,
                false,
                0,
                dir.resolve("kubeconfig"),
                EmbeddedCluster.WORKER_JAR.toAbsolutePath(),
                dir.resolve("work"),
                true))) {
      assertThat(terminus.apiUrl().getScheme()).isEqualTo("https");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      ExampleFollower follower =
          new ExampleFollower(terminus.client(), "default", new PrintStream(printed, true));

      WorkflowExecutionStatus done =
          follower.follow(follower.apply(EmbeddedCluster.EXAMPLES.resolve("diamond-outputs.yaml")));

      assertThat(done.phase()).as(printed.toString()).isEqualTo(ExecutionPhase.Succeeded);
      NodeStatus report =
          done.nodes().stream().filter(n -> n.name().equals("report")).findFirst().orElseThrow();
      assertThat(report.outputPreview()).contains("summary of (3 facts about zombie executions)");
      // Kubernetes' Job controller, not Terminus, marks each Job Complete.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> terminus.client().batch().v1().jobs().inNamespace("default").list().getItems(),
              jobs ->
                  jobs.size() == 4
                      && jobs.stream()
                          .allMatch(
                              j ->
                                  j.getStatus().getConditions() != null
                                      && j.getStatus().getConditions().stream()
                                          .anyMatch(c -> "Complete".equals(c.getType()))));
    }
  }
}
