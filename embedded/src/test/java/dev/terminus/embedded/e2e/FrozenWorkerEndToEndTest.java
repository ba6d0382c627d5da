package dev.terminus.embedded.e2e;

import static dev.terminus.embedded.e2e.Executions.awaitNodePhase;
import static dev.terminus.embedded.e2e.Executions.awaitPhase;
import static dev.terminus.embedded.e2e.Executions.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.cluster.kubectl.Kubectl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that freezes while it holds a node: alive, its Pod running, its Job active, but doing
 * nothing, so neither an exit nor the Job controller will ever end the node before its deadline.
 * With the embedded Redis, the worker heartbeats to {@code terminus:heartbeat:<execution
 * uid>:<node>:<attempt>} and the operator's HeartbeatStale rule reads it.
 */
class FrozenWorkerEndToEndTest {

  private static final long HEARTBEAT_TIMEOUT_SECONDS = 10;

  /** The worker beats every third of the timeout (JobFactory). */
  private static final long HEARTBEAT_INTERVAL_SECONDS = HEARTBEAT_TIMEOUT_SECONDS / 3;

  /** Far beyond the test's bound: only the heartbeat rule can end the node in time. */
  private static final long NODE_DEADLINE_SECONDS = 120;

  /**
   * From the freeze to the node's failure: the timeout after the last beat (which came before the
   * freeze), plus one resync (EmbeddedCluster.fastConfig: 3 s) should the scheduled wake-up be
   * late, plus a margin for a busy machine (status write, kubectl's poll).
   */
  private static final Duration DETECTION_BOUND =
      Duration.ofSeconds(HEARTBEAT_TIMEOUT_SECONDS)
          .plus(EmbeddedCluster.fastConfig().resyncPeriod())
          .plusSeconds(15);

  private static EmbeddedCluster cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws IOException {
    cluster = EmbeddedCluster.start(true, true);
    kubectl = cluster.kubectl;
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Diagnostic incident e4c3c292 (an execution whose worker went silent, "zero logs, zero output",
   * stayed running) and the periodic watchdog of its fix 2.2, for a worker that is frozen rather
   * than dead: the node fails HeartbeatTimeout within the timeout after its last heartbeat, long
   * before its deadline.
   */
  @Test
  void e4c3c292_workerFrozenWhileHoldingANodeFailsHeartbeatTimeoutLongBeforeItsDeadline(
      @TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("pid");
    kubectl.runWithInput(frozen("frozen-worker", pidFile), "apply", "-f", "-").ok();
    awaitNodePhase(kubectl, "frozen-worker", "hold", "Running", Duration.ofSeconds(60));
    // The command's shell wrote its parent's pid: the worker JVM, which the local runner starts
    // as the Pod's process (ContainerCommand) and which starts the command (CommandComponent).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
    assertThat(worker.info().commandLine().orElse("")).contains("terminus-worker.jar");
    List<ProcessHandle> tree = new ArrayList<>(List.of(worker));

    RedisClient redis = RedisClient.create(cluster.terminus.projections().redisUrl());
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      String key = "terminus:heartbeat:" + Executions.uid(kubectl, "frozen-worker") + ":hold:1";
      await().atMost(Duration.ofSeconds(30)).until(() -> connection.sync().get(key) != null);
      // Heartbeats keep a node alive past its timeout: wait until it has run longer than that.
      Instant runningAt =
          Instant.parse(
              node(Executions.status(kubectl, "frozen-worker"), "hold").path("runningAt").asText());
      sleepUntil(runningAt.plusSeconds(HEARTBEAT_TIMEOUT_SECONDS + 2));
      assertThat(node(Executions.status(kubectl, "frozen-worker"), "hold").path("phase").asText())
          .as("a heartbeating node past its heartbeat timeout")
          .isEqualTo("Running");

      tree.addAll(worker.descendants().toList()); // its command: sh, sleep
      signal("STOP", pid);
      Instant frozenAt = Instant.now();

      JsonNode status = awaitPhase(kubectl, "frozen-worker", "Failed", DETECTION_BOUND);
      Duration detectedAfter = Duration.between(frozenAt, Instant.now());
      System.out.println(
          "frozen worker failed HeartbeatTimeout "
              + detectedAfter.toMillis()
              + " ms after the freeze (bound "
              + DETECTION_BOUND.toSeconds()
              + " s)");

      JsonNode hold = node(status, "hold");
      assertThat(hold.path("phase").asText()).isEqualTo("Failed");
      assertThat(hold.path("reason").asText()).isEqualTo("HeartbeatTimeout");
      assertThat(hold.path("message").asText())
          .contains("no heartbeat for " + HEARTBEAT_TIMEOUT_SECONDS + "s");
      assertThat(hold.path("attempts").asInt()).isEqualTo(1);
      assertThat(status.path("reason").asText()).isEqualTo("NodeFailed");
      // The last beat came at most one interval before the freeze, and its key lives six
      // intervals: the node was not failed by anything that happened before the freeze.
      assertThat(detectedAfter)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2 * HEARTBEAT_INTERVAL_SECONDS - 1))
          .isLessThanOrEqualTo(DETECTION_BOUND);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(kubectl.run("describe", "wfx", "frozen-worker").ok().out())
                      .containsPattern(
                          "Warning\\s+HeartbeatStale\\s+\\S+\\s+terminus\\s+node hold: no"
                              + " heartbeat for "
                              + HEARTBEAT_TIMEOUT_SECONDS
                              + "s")
                      .containsPattern(
                          "Warning\\s+HeartbeatTimeout\\s+\\S+\\s+terminus\\s+node hold"));
      // The watchdog deleted the Job, and the runner killed the frozen process with its command.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(tree).noneMatch(ProcessHandle::isAlive));
    } finally {
      redis.shutdown();
      for (ProcessHandle process : tree) {
        if (process.isAlive()) {
          signal("CONT", process.pid());
          process.destroyForcibly();
        }
      }
    }
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -" + name + " " + pid).isZero();
  }

  private static void sleepUntil(Instant at) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), at);
    if (!left.isNegative()) {
      Thread.sleep(left.toMillis());
    }
  }

  private static String frozen(String name, Path pidFile) {
    return Executions.inline(
        name,
        """
        nodes:
          - name: hold
            component: command
            heartbeatTimeoutSeconds: %d
            activeDeadlineSeconds: %d
            retry: {limit: 0}
            config:
              command: ["sh", "-c", 'echo $PPID > "$1"; sleep 300', "sh", "%s"]
        """
            .formatted(HEARTBEAT_TIMEOUT_SECONDS, NODE_DEADLINE_SECONDS, pidFile));
  }
}
