package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as Kubernetes runs it: a separate JVM, its exit code and its result file. */
class WorkerProcessTest {
  @TempDir Path dir;

  @Test
  void aCommandNodeSucceedsAsAProcess() throws Exception {
    Process worker =
        start(
            "{\"command\": [\"sh\", \"-c\", \"echo \\\"from $TERMINUS_NODE\\\"\"]}",
            Map.of("TERMINUS_INPUTS", "{\"execution\": {\"k\": \"v\"}}"));

    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).isZero();
    assertThat(result())
        .isEqualTo(Json.MAPPER.readTree("{\"status\":\"succeeded\",\"output\":\"from fetch\"}"));
  }

  @Test
  void aFailingCommandExitsNonZeroWithAFailedResult() throws Exception {
    Process worker = start("{\"command\": [\"sh\", \"-c\", \"exit 7\"]}", Map.of());

    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).isEqualTo(1);
    assertThat(result().path("error").path("type").asText()).isEqualTo("CommandFailed");
  }

  @Test
  void sigtermWritesTerminatedAndStopsTheCommand() throws Exception {
    Process worker = start("{\"command\": [\"sleep\", \"60\"]}", Map.of());
    ProcessHandle sleep = awaitChild(worker, Duration.ofSeconds(30));

    worker.destroy(); // SIGTERM, as the kubelet sends it

    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).isNotZero();
    assertThat(result().path("status").asText()).isEqualTo("failed");
    assertThat(result().path("error").path("type").asText()).isEqualTo("Terminated");
    sleep.onExit().get(10, TimeUnit.SECONDS);
    assertThat(sleep.isAlive()).isFalse();
  }

  private Process start(String config, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            javaExecutable(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Djava.io.tmpdir=" + dir,
            WorkerMain.class.getName());
    Map<String, String> env = builder.environment();
    env.put("TERMINUS_EXECUTION", "exec-1");
    env.put("TERMINUS_EXECUTION_UID", "uid-1");
    env.put("TERMINUS_NODE", "fetch");
    env.put("TERMINUS_ATTEMPT", "1");
    env.put("TERMINUS_COMPONENT", "command");
    env.put("TERMINUS_CONFIG", config);
    env.put("TERMINUS_RESULT_PATH", resultPath().toString());
    env.putAll(extraEnv);
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
    return builder.start();
  }

  /** The command's process, once the worker has started it. */
  private static ProcessHandle awaitChild(Process worker, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> children = worker.children().toList();
      if (!children.isEmpty()) {
        return children.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the worker started no command within " + timeout);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Path resultPath() {
    return dir.resolve("termination-log");
  }

  private JsonNode result() throws Exception {
    String json = Files.readString(resultPath());
    return Json.MAPPER.readTree(json);
  }
}
