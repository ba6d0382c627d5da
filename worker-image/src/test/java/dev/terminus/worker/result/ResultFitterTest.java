package dev.terminus.worker.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.protocol.WorkerResult;
import dev.terminus.worker.Json;
import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.redis.RedisOutputStore;
import dev.terminus.worker.redis.RedisUrl;
import dev.terminus.worker.redis.RespClient;
import dev.terminus.worker.support.Ports;
import dev.terminus.worker.support.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResultFitterTest {
  private static final String ATTEMPT = "uid-1:summarize:2";
  private static TestRedis redis;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final WorkerLog workerLog =
      WorkerLog.to(new PrintStream(log, true, StandardCharsets.UTF_8));

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Test
  void aSmallResultIsWrittenAsItIs() throws Exception {
    String json =
        new ResultFitter(OutputStore.NONE)
            .fit(WorkerResult.succeeded("hi", new WorkerResult.Usage(20L, 30L)));

    assertThat(json)
        .isEqualTo(
            "{\"status\":\"succeeded\",\"output\":\"hi\",\"usage\":{\"tokens\":20,\"costMicros\":30}}");
  }

  @Test
  void withoutRedisALargeOutputIsTruncatedToFit() throws Exception {
    String output = "0123456789".repeat(1000);

    JsonNode result =
        fitted(new ResultFitter(OutputStore.NONE), WorkerResult.succeeded(output, null));

    assertThat(result.path("truncated").asBoolean()).isTrue();
    assertThat(result.has("outputRef")).isFalse();
    assertThat(output).startsWith(result.path("output").asText());
    assertThat(result.path("output").asText().length()).isGreaterThan(4000);
  }

  @Test
  void withRedisTheFullOutputIsStoredWithAWeekOfTtlAndReferenced() throws Exception {
    String output = "line of output\n".repeat(2000);
    RedisOutputStore store = new RedisOutputStore(RedisUrl.parse(redis.url()), ATTEMPT, workerLog);

    JsonNode result =
        fitted(
            new ResultFitter(store),
            WorkerResult.succeeded(output, new WorkerResult.Usage(5L, null)));

    String key = "terminus:output:" + ATTEMPT;
    assertThat(result.path("outputRef").asText()).isEqualTo(redis.url() + "/" + key);
    assertThat(result.path("truncated").asBoolean()).isTrue();
    assertThat(output).startsWith(result.path("output").asText());
    assertThat(result.path("usage").path("tokens").asLong()).isEqualTo(5);
    try (RespClient client = redis.client()) {
      assertThat(client.get(key)).contains(output);
      assertThat(Duration.ofMillis(client.pttl(key)))
          .isGreaterThan(Duration.ofDays(7).minusMinutes(1))
          .isLessThanOrEqualTo(Duration.ofDays(7));
    }
  }

  @Test
  void anOutputLongerThanTheStatusKeepsIsStoredButWrittenWhole() throws Exception {
    String output = "a paragraph of output. ".repeat(40);
    RedisOutputStore store = new RedisOutputStore(RedisUrl.parse(redis.url()), ATTEMPT, workerLog);

    JsonNode result = fitted(new ResultFitter(store, 256), WorkerResult.succeeded(output, null));

    String key = "terminus:output:" + ATTEMPT;
    assertThat(result.path("output").asText()).isEqualTo(output);
    assertThat(result.has("truncated")).isFalse();
    assertThat(result.path("outputRef").asText()).isEqualTo(redis.url() + "/" + key);
    try (RespClient client = redis.client()) {
      assertThat(client.get(key)).contains(output);
    }
  }

  @Test
  void anOutputTheStatusKeepsWholeIsNotStored() throws Exception {
    OutputStore refusing =
        output -> {
          throw new AssertionError("stored an output of " + output.length() + " chars");
        };

    JsonNode result =
        fitted(new ResultFitter(refusing, 256), WorkerResult.succeeded("x".repeat(256), null));

    assertThat(result.has("outputRef")).isFalse();
  }

  @Test
  void whenTheStoreFailsAnOutputThatFitsIsStillWrittenWhole() throws Exception {
    String output = "b".repeat(1000);

    JsonNode result =
        fitted(new ResultFitter(OutputStore.NONE, 256), WorkerResult.succeeded(output, null));

    assertThat(result.path("output").asText()).isEqualTo(output);
    assertThat(result.has("truncated")).isFalse();
    assertThat(result.has("outputRef")).isFalse();
  }

  @Test
  void aRedisThatIsDownOnlyMeansTruncation() throws Exception {
    RedisOutputStore store =
        new RedisOutputStore(
            RedisUrl.parse("redis://127.0.0.1:" + Ports.closed()), ATTEMPT, workerLog);

    JsonNode result =
        fitted(new ResultFitter(store), WorkerResult.succeeded("y".repeat(10_000), null));

    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("truncated").asBoolean()).isTrue();
    assertThat(result.has("outputRef")).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("could not store the full output");
  }

  @Test
  void multiByteAndEscapedCharactersStillFitAndStayWhole() throws Exception {
    String output = "é😀\"\u0001".repeat(3000);

    JsonNode result =
        fitted(new ResultFitter(OutputStore.NONE), WorkerResult.succeeded(output, null));

    String preview = result.path("output").asText();
    assertThat(output).startsWith(preview);
    assertThat(Character.isHighSurrogate(preview.charAt(preview.length() - 1))).isFalse();
  }

  @Test
  void aHugeErrorMessageIsCutToFit() throws Exception {
    JsonNode result =
        fitted(
            new ResultFitter(OutputStore.NONE),
            WorkerResult.failed("CommandFailed", "z".repeat(9000)));

    assertThat(result.path("error").path("type").asText()).isEqualTo("CommandFailed");
    assertThat(result.path("error").path("message").asText()).startsWith("zzz");
  }

  @Test
  void prefixNeverSplitsASurrogatePair() {
    assertThat(ResultFitter.prefix("a😀b", 2)).isEqualTo("a");
    assertThat(ResultFitter.prefix("a😀b", 3)).isEqualTo("a😀");
  }

  /** Fits, checks the 4096-byte limit and the JSON validity, and parses. */
  private static JsonNode fitted(ResultFitter fitter, WorkerResult result) throws Exception {
    String json = fitter.fit(result);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    return Json.MAPPER.readTree(json);
  }
}
