package dev.terminus.embedded.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.cluster.kubectl.Kubectl;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Embedded mode with {@code --runner=none}: nothing plays the Job controller, so a person writes
 * Job status with {@code kubectl patch job NAME --subresource=status}, and the operator follows.
 */
class RunnerNoneEndToEndTest {

  private static EmbeddedCluster cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws IOException {
    cluster = EmbeddedCluster.start(false, false);
    kubectl = cluster.kubectl;
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void jobStatusPatchedByHandDrivesTheExecution() throws Exception {
    kubectl.runWithInput(KubectlEndToEndTest.helloWorld("by-hand"), "apply", "-f", "-").ok();
    String job = awaitJob("by-hand");
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    Kubectl.Result started =
        kubectl
            .run(
                "patch",
                "job",
                job,
                "--subresource=status",
                "-p",
                "{\"status\":{\"startTime\":\"" + now + "\",\"active\":1,\"ready\":0}}")
            .ok();
    assertThat(started.out()).contains("job.batch/" + job + " patched");
    assertThat(kubectl.run("get", "job", job).ok().out()).containsPattern(job + "\\s+Running");

    kubectl
        .run(
            "patch",
            "job",
            job,
            "--subresource=status",
            "--type",
            "merge",
            "-p",
            "{\"status\":{\"active\":null,\"succeeded\":1,\"completionTime\":\""
                + now
                + "\","
                + "\"conditions\":[{\"type\":\"SuccessCriteriaMet\",\"status\":\"True\"},"
                + "{\"type\":\"Complete\",\"status\":\"True\"}]}}")
        .ok();

    assertThat(kubectl.run("get", "job", job).ok().out())
        .containsPattern(job + "\\s+Complete\\s+1/1");
    kubectl
        .run("wait", "--for=jsonpath={.status.phase}=Succeeded", "wfx/by-hand", "--timeout=60s")
        .ok();
    assertThat(kubectl.run("get", "job", job, "-o", "jsonpath={.status.active}").ok().out())
        .isEmpty();
  }

  private static String awaitJob(String execution) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      String name =
          kubectl
              .run(
                  "get",
                  "jobs",
                  "-l",
                  "terminus.dev/execution=" + execution,
                  "-o",
                  "jsonpath={.items[0].metadata.name}")
              .out();
      if (!name.isBlank()) {
        return name;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no Job for " + execution);
  }
}
