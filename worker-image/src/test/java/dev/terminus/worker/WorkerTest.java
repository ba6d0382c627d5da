package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.worker.redis.RespClient;
import dev.terminus.worker.support.FakeHttpServer;
import dev.terminus.worker.support.FakeHttpServer.Reply;
import dev.terminus.worker.support.Ports;
import dev.terminus.worker.support.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole attempt in-process: environment in, result file and exit code out. */
class WorkerTest {
  private static final String KEY = "sk-live-abcdefghijklmnop";

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @Test
  void aSucceededCommandWritesItsOutputAndExitsZero() throws Exception {
    int code = run(env("command", "{\"command\": [\"echo\", \"hello\"]}"));

    assertThat(code).isZero();
    assertThat(Files.readString(resultPath()))
        .isEqualTo("{\"status\":\"succeeded\",\"output\":\"hello\"}");
  }

  @Test
  void aFailedCommandWritesAFailedResultAndExitsOne() throws Exception {
    int code = run(env("command", "{\"command\": [\"sh\", \"-c\", \"echo bad >&2; exit 4\"]}"));

    assertThat(code).isEqualTo(1);
    assertThat(result())
        .isEqualTo(
            Json.MAPPER.readTree(
                "{\"status\":\"failed\",\"error\":{\"type\":\"CommandFailed\","
                    + "\"message\":\"command exited with code 4; stderr: bad\"}}"));
  }

  @Test
  void aMalformedEnvironmentIsAFailedResultNotACrash() throws Exception {
    Map<String, String> env = env("command", "{\"command\": [\"true\"]}");
    env.put("TERMINUS_ATTEMPT", "first");

    assertThat(run(env)).isEqualTo(1);
    assertThat(result().path("error").path("type").asText()).isEqualTo("InvalidEnvironment");
    assertThat(result().path("error").path("message").asText())
        .isEqualTo("TERMINUS_ATTEMPT must be a non-negative integer, got \"first\"");

    env.put("TERMINUS_ATTEMPT", "1");
    env.put("TERMINUS_CONFIG", "{not json");
    assertThat(run(env)).isEqualTo(1);
    assertThat(result().path("error").path("message").asText())
        .startsWith("TERMINUS_CONFIG is not valid JSON");

    env.put("TERMINUS_CONFIG", "{\"command\": [\"true\"]}");
    env.put("TERMINUS_OUTPUT_PREVIEW_CHARS", "-1");
    assertThat(run(env)).isEqualTo(1);
    assertThat(result().path("error").path("message").asText())
        .isEqualTo("TERMINUS_OUTPUT_PREVIEW_CHARS must be a non-negative integer, got \"-1\"");
  }

  @Test
  void anUnknownComponentIsNamed() throws Exception {
    assertThat(run(env("shell", "{}"))).isEqualTo(1);
    assertThat(result().path("error").path("type").asText()).isEqualTo("UnknownComponent");
    assertThat(result().path("error").path("message").asText())
        .isEqualTo("unknown component \"shell\"; this worker has command, http, llm");
  }

  @Test
  void theApiKeyNeverReachesTheResultOrTheLog() throws Exception {
    try (FakeHttpServer provider =
        FakeHttpServer.start()
            .on("/chat/completions", r -> Reply.of(401, "Incorrect API key provided: " + KEY))) {
      Map<String, String> env =
          env(
              "llm",
              """
              {"baseUrl": "%s", "model": "m", "messages": [{"role": "user", "content": "hi"}]}
              """
                  .formatted(provider.baseUrl()));
      env.put("TERMINUS_API_KEY", KEY);

      assertThat(run(env)).isEqualTo(1);
    }
    assertThat(result().path("error").path("type").asText()).isEqualTo("Unauthorized");
    assertThat(Files.readString(resultPath())).doesNotContain(KEY).doesNotContain("sk-live");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
  }

  @Test
  void aLargeOutputGoesToRedisAndTheResultStillFits() throws Exception {
    try (TestRedis redis = TestRedis.start()) {
      Map<String, String> env =
          env(
              "command",
              "{\"command\": [\"sh\", \"-c\", \"head -c 20000 /dev/zero | tr '\\\\0' a\"]}");
      env.put("TERMINUS_REDIS_URL", redis.url());

      assertThat(run(env)).isZero();

      assertThat(Files.size(resultPath())).isLessThanOrEqualTo(4096);
      String key = "terminus:output:uid-1:fetch:1";
      assertThat(result().path("outputRef").asText()).isEqualTo(redis.url() + "/" + key);
      assertThat(result().path("truncated").asBoolean()).isTrue();
      try (RespClient client = redis.client()) {
        assertThat(client.get(key)).contains("a".repeat(20_000));
      }
    }
  }

  @Test
  void anOperatorThatPassesNoUidGetsKeysByName() throws Exception {
    try (TestRedis redis = TestRedis.start()) {
      Map<String, String> env =
          env(
              "command",
              "{\"command\": [\"sh\", \"-c\", \"head -c 5000 /dev/zero | tr '\\\\0' a\"]}");
      env.remove("TERMINUS_EXECUTION_UID");
      env.put("TERMINUS_REDIS_URL", redis.url());

      assertThat(run(env)).isZero();

      assertThat(result().path("outputRef").asText())
          .isEqualTo(redis.url() + "/terminus:output:exec-1:fetch:1");
    }
  }

  @Test
  void heartbeatsGoToRedisWhileTheNodeRuns() throws Exception {
    try (TestRedis redis = TestRedis.start()) {
      Map<String, String> env = env("command", "{\"command\": [\"sleep\", \"1\"]}");
      env.put("TERMINUS_REDIS_URL", redis.url());
      env.put("TERMINUS_HEARTBEAT_INTERVAL_SECONDS", "1");
      long start = System.currentTimeMillis();

      assertThat(run(env)).isZero();

      try (RespClient client = redis.client()) {
        long beat = Long.parseLong(client.get("terminus:heartbeat:uid-1:fetch:1").orElseThrow());
        assertThat(beat).isBetween(start, System.currentTimeMillis());
      }
    }
  }

  @Test
  void aRedisThatIsDownNeverFailsTheNode() throws Exception {
    Map<String, String> env =
        env(
            "command",
            "{\"command\": [\"sh\", \"-c\", \"sleep 1; head -c 9000 /dev/zero | tr '\\\\0' b\"]}");
    env.put("TERMINUS_REDIS_URL", "redis://127.0.0.1:" + Ports.closed());
    env.put("TERMINUS_HEARTBEAT_INTERVAL_SECONDS", "1");

    assertThat(run(env)).isZero();

    assertThat(result().path("status").asText()).isEqualTo("succeeded");
    assertThat(result().path("truncated").asBoolean()).isTrue();
    assertThat(result().has("outputRef")).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("heartbeat to redis://127.0.0.1:")
        .contains("could not store the full output");
  }

  @Test
  void terminateWritesTerminatedOnlyWhenNothingWasWritten() throws Exception {
    Worker finished =
        new Worker(env("command", "{\"command\": [\"true\"]}"), err(), Clock.systemUTC());
    finished.run();
    finished.terminate();
    assertThat(result().path("status").asText()).isEqualTo("succeeded");

    Worker stopped =
        new Worker(env("command", "{\"command\": [\"true\"]}"), err(), Clock.systemUTC());
    stopped.terminate();
    assertThat(result().path("error").path("type").asText()).isEqualTo("Terminated");
    assertThat(stopped.run()).isEqualTo(1);
    assertThat(result().path("error").path("type").asText()).isEqualTo("Terminated");
  }

  private Map<String, String> env(String component, String config) {
    Map<String, String> env = new HashMap<>();
    env.put("TERMINUS_EXECUTION", "exec-1");
    env.put("TERMINUS_EXECUTION_UID", "uid-1");
    env.put("TERMINUS_NODE", "fetch");
    env.put("TERMINUS_ATTEMPT", "1");
    env.put("TERMINUS_COMPONENT", component);
    env.put("TERMINUS_CONFIG", config);
    env.put("TERMINUS_INPUTS", "{\"execution\": {}}");
    env.put("TERMINUS_RESULT_PATH", resultPath().toString());
    return env;
  }

  private int run(Map<String, String> env) {
    return new Worker(env, err(), Clock.systemUTC()).run();
  }

  private PrintStream err() {
    return new PrintStream(log, true, StandardCharsets.UTF_8);
  }

  private Path resultPath() {
    return dir.resolve("termination-log");
  }

  private JsonNode result() throws Exception {
    return Json.MAPPER.readTree(Files.readString(resultPath()));
  }
}
