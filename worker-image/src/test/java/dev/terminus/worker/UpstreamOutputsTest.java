package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.protocol.RedisKeys;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large output travels from one worker run to the next through real Redis: the upstream run
 * stores it and writes a ref, the downstream run gets {"outputRef", "preview"} in TERMINUS_INPUTS
 * (built here as the operator builds it) and sees the whole output in its templates.
 */
class UpstreamOutputsTest {
  private static final int SIZE = 10_000;
  private static TestRedis redis;

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Test
  void aStoredUpstreamOutputIsFilledInFullIntoACommand() throws Exception {
    JsonNode upstream = runUpstream("fetch");
    assertThat(upstream.path("outputRef").asText()).startsWith("redis://127.0.0.1:");
    assertThat(upstream.path("output").asText().length()).isLessThan(SIZE);

    Map<String, String> env = countingCharsOfFetch(inputsWithRef("fetch", upstream));

    assertThat(run(env)).isZero();
    assertThat(result(env).path("output").asText().strip()).isEqualTo(String.valueOf(SIZE));
  }

  @Test
  void anOutputLongerThanTheStatusKeepsIsStoredTooAndReadInFull() throws Exception {
    Map<String, String> up =
        env(
            "fetch",
            "command",
            "{\"command\": [\"sh\", \"-c\", \"head -c 1000 /dev/zero | tr '\\\\0' c\"]}",
            "{\"execution\": {}}");
    up.put("TERMINUS_OUTPUT_PREVIEW_CHARS", "256");
    assertThat(run(up)).isZero();
    JsonNode upstream = result(up);
    assertThat(upstream.path("output").asText()).hasSize(1000);
    assertThat(upstream.has("outputRef")).isTrue();

    Map<String, String> env = countingCharsOfFetch(inputsWithRef("fetch", upstream));

    assertThat(run(env)).isZero();
    assertThat(result(env).path("output").asText().strip()).isEqualTo("1000");
  }

  @Test
  void anLlmMessageSeesTheWholeUpstreamOutput() throws Exception {
    JsonNode upstream = runUpstream("fetch");
    try (FakeHttpServer provider =
        FakeHttpServer.start()
            .on(
                "/chat/completions",
                r -> {
                  String content =
                      parse(r.body()).path("messages").path(0).path("content").asText();
                  return Reply.of(
                      200,
                      "{\"choices\": [{\"message\": {\"content\": \""
                          + content.length()
                          + "\"}}]}");
                })) {
      Map<String, String> env =
          env(
              "summarize",
              "llm",
              "{\"baseUrl\": \""
                  + provider.baseUrl()
                  + "\", \"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\":"
                  + " \"${inputs.fetch}\"}]}",
              inputsWithRef("fetch", upstream));
      env.put("TERMINUS_API_KEY", "sk-test");

      assertThat(run(env)).isZero();
      assertThat(result(env).path("output").asText()).isEqualTo(String.valueOf(SIZE));
    }
  }

  @Test
  void anExpiredOutputFailsInputUnavailable() throws Exception {
    JsonNode upstream = runUpstream("fetch");
    try (RespClient client = redis.client()) {
      client.setWithExpiry(
          RedisKeys.OUTPUT_PREFIX + "uid-1:fetch:1", "x", java.time.Duration.ofMillis(1));
    }
    Thread.sleep(20);
    Map<String, String> env = echo("${inputs.fetch}", inputsWithRef("fetch", upstream));

    assertThat(run(env)).isEqualTo(1);
    JsonNode error = result(env).path("error");
    assertThat(error.path("type").asText()).isEqualTo(FailureTypes.INPUT_UNAVAILABLE);
    assertThat(error.path("message").asText())
        .startsWith("the output of upstream node fetch is no longer at redis://");
  }

  @Test
  void aRedisThatIsDownFailsInputUnavailableNamingTheNode() throws Exception {
    Map<String, String> env = echo("${inputs.a}", inputs("a", unreachableRef()));

    assertThat(run(env)).isEqualTo(1);
    JsonNode error = result(env).path("error");
    assertThat(error.path("type").asText()).isEqualTo(FailureTypes.INPUT_UNAVAILABLE);
    assertThat(error.path("message").asText())
        .startsWith("cannot read the output of upstream node a from redis://127.0.0.1:");
  }

  @Test
  void aNodeThatDoesNotNameTheRefDoesNotNeedRedis() throws Exception {
    Map<String, String> env = echo("${execution.topic}", inputs("a", unreachableRef()));

    assertThat(run(env)).isZero();
    assertThat(result(env).path("output").asText()).isEqualTo("cats");
  }

  /** Runs a node printing SIZE bytes, which it keeps in Redis; returns its result. */
  private JsonNode runUpstream(String node) throws Exception {
    Map<String, String> env =
        env(
            node,
            "command",
            "{\"command\": [\"sh\", \"-c\", \"head -c " + SIZE + " /dev/zero | tr '\\\\0' a\"]}",
            "{\"execution\": {}}");
    assertThat(run(env)).isZero();
    try (RespClient client = redis.client()) {
      // The operator gives every node the Redis URL: it alone must not start heartbeats.
      assertThat(client.get("terminus:heartbeat:uid-1:" + node + ":1")).isEmpty();
    }
    return result(env);
  }

  /** A node whose output is the length of ${inputs.fetch}, passed as one argument. */
  private Map<String, String> countingCharsOfFetch(String inputs) {
    return env(
        "count",
        "command",
        "{\"command\": [\"sh\", \"-c\", \"printf %s \\\"$1\\\" | wc -c\", \"_\","
            + " \"${inputs.fetch}\"]}",
        inputs);
  }

  private Map<String, String> echo(String template, String inputs) {
    return env("down", "command", "{\"command\": [\"echo\", \"" + template + "\"]}", inputs);
  }

  /** An entry whose Redis is down: nothing listens on its port. */
  private static ObjectNode unreachableRef() throws java.io.IOException {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    entry.put(
        "outputRef",
        "redis://127.0.0.1:" + Ports.closed() + "/" + RedisKeys.OUTPUT_PREFIX + "uid-1:a:1");
    entry.put("preview", "the start");
    return entry;
  }

  /** TERMINUS_INPUTS as the operator builds it for a stored upstream output. */
  private static String inputsWithRef(String node, JsonNode upstreamResult) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    entry.put("outputRef", upstreamResult.path("outputRef").asText());
    entry.put("preview", upstreamResult.path("output").asText().substring(0, 100));
    return inputs(node, entry);
  }

  private static String inputs(String node, JsonNode entry) {
    ObjectNode inputs = Json.MAPPER.createObjectNode();
    inputs.putObject("execution").put("topic", "cats");
    inputs.set(node, entry);
    return inputs.toString();
  }

  private Map<String, String> env(String node, String component, String config, String inputs) {
    Map<String, String> env = new HashMap<>();
    env.put("TERMINUS_EXECUTION", "exec-1");
    env.put("TERMINUS_EXECUTION_UID", "uid-1");
    env.put("TERMINUS_NODE", node);
    env.put("TERMINUS_ATTEMPT", "1");
    env.put("TERMINUS_COMPONENT", component);
    env.put("TERMINUS_CONFIG", config);
    env.put("TERMINUS_INPUTS", inputs);
    env.put("TERMINUS_REDIS_URL", redis.url());
    env.put("TERMINUS_RESULT_PATH", dir.resolve(node + ".result").toString());
    return env;
  }

  private int run(Map<String, String> env) {
    return new Worker(env, new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC())
        .run();
  }

  private static JsonNode result(Map<String, String> env) throws Exception {
    return parse(Files.readString(Path.of(env.get("TERMINUS_RESULT_PATH"))));
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
