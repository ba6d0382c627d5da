package dev.terminus.operator.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.sinks.EmbeddedStores;
import dev.terminus.operator.sinks.EventSubscriber;
import dev.terminus.operator.sinks.Runs;
import dev.terminus.operator.sinks.Runs.Write;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.sinks.outbox.Backoff;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis projection against a real server: events, the capped stream, key removal. */
class RedisSinkTest {
  static final SinkTuning FAST =
      SinkTuning.DEFAULT
          .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
          .withConnectTimeout(Duration.ofMillis(500));
  static final List<String> DIAMOND_SEQUENCE =
      List.of("0-0", "0-1", "1-0", "1-1", "1-2", "2-0", "2-1", "2-2", "3-0", "3-1");

  private static RedisSink sink;
  private static EventSubscriber subscriber;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  @BeforeAll
  static void start() {
    String url = EmbeddedStores.redis().url();
    sink = RedisSink.create(url, FAST, new SimpleMeterRegistry(), Clock.systemUTC());
    subscriber = new EventSubscriber(url);
    client = RedisClient.create(url);
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void stop() {
    sink.close();
    subscriber.close();
    client.shutdown();
  }

  /** The sequences of a diamond run starting at resourceVersion {@code first}. */
  static List<String> expectedSequences(long first) {
    return DIAMOND_SEQUENCE.stream()
        .map(s -> (first + Long.parseLong(s.substring(0, 1))) + s.substring(1))
        .toList();
  }

  private static void project(List<Write> writes) {
    writes.forEach(w -> sink.statusWritten(w.execution(), w.transitions()));
  }

  @Test
  void eachTransitionIsPublishedOnItsChannelAndOnTheStreamInOrder() {
    String uid = UUID.randomUUID().toString();
    project(Runs.diamond(uid, "live", 100));

    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.of(uid).size() == 10);
    assertThat(subscriber.sequences(uid)).containsExactlyElementsOf(expectedSequences(100));
    Map<String, Object> last = subscriber.of(uid).get(9);
    assertThat(last)
        .containsEntry("channel", "terminus:events:" + uid)
        .containsEntry("uid", uid)
        .containsEntry("namespace", "default")
        .containsEntry("name", "live")
        .containsEntry("type", "execution")
        .containsEntry("phase", "Succeeded")
        .containsEntry("from", "Running")
        .containsEntry("reason", "Succeeded")
        .containsEntry("message", "execution Succeeded")
        .containsKey("time");
    assertThat(subscriber.of(uid).get(0)).containsEntry("type", "node").containsEntry("node", "a");

    List<String> streamed =
        redis.xrange(RedisKeys.STREAM, Range.create("-", "+")).stream()
            .map(StreamMessage::getBody)
            .filter(b -> uid.equals(b.get("uid")))
            .map(b -> b.get("sequence"))
            .toList();
    assertThat(streamed).containsExactlyElementsOf(expectedSequences(100));
    assertThat(redis.hgetall(RedisKeys.state(uid)))
        .containsEntry("phase", "Succeeded")
        .containsEntry("progress", "4/4")
        .containsEntry("resourceVersion", "103");
  }

  @Test
  void theStreamIsCapped() {
    try (RedisSink capped =
        RedisSink.create(
            EmbeddedStores.redis().url(),
            FAST.withStreamMaxLength(50),
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {
      for (int i = 0; i < 60; i++) {
        Runs.diamond(UUID.randomUUID().toString(), "many-" + i, 1)
            .forEach(w -> capped.statusWritten(w.execution(), w.transitions()));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> capped.backlog() == 0);
    }
    // Approximate trimming (MAXLEN ~) removes whole stream nodes of up to 100 entries.
    assertThat(redis.xlen(RedisKeys.STREAM)).isLessThanOrEqualTo(50 + 100).isLessThan(600);
  }

  @Test
  void deletionRemovesEveryKeyOfTheExecutionAndNoneOfASameNamedOne() {
    String uid = UUID.randomUUID().toString();
    String twin = UUID.randomUUID().toString(); // same name, another namespace
    List<Write> run = Runs.diamond(uid, "doomed", 300);
    project(run);
    project(Runs.diamond(twin, "doomed", 300));
    redis.set("terminus:heartbeat:" + uid + ":b:1", "1795000000000");
    redis.set("terminus:custom:" + uid + ":x", "1");
    for (int i = 0; i < 1200; i++) {
      redis.set("terminus:output:" + uid + ":a:" + i, "chunk");
    }
    redis.set("terminus:heartbeat:" + twin + ":b:1", "1795000000000");
    redis.set("terminus:output:" + twin + ":a:1", "not ours");
    // Written by name by a worker of an older operator: not this execution's own to delete.
    redis.set("terminus:output:doomed:a:1", "whose?");
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.backlog() == 0);
    assertThat(redis.exists(RedisKeys.state(uid))).isEqualTo(1);

    WorkflowExecution last = run.get(3).execution();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.deleted(last));

    assertThat(keys("terminus:*" + uid + "*")).isEmpty();
    assertThat(redis.exists(RedisKeys.state(twin))).isEqualTo(1);
    assertThat(redis.exists("terminus:heartbeat:" + twin + ":b:1")).isEqualTo(1);
    assertThat(redis.exists("terminus:output:" + twin + ":a:1")).isEqualTo(1);
    assertThat(redis.exists("terminus:output:doomed:a:1")).isEqualTo(1);

    // A write that arrives after the deletion publishes, but brings no key back.
    project(run.subList(3, 4));
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.backlog() == 0);
    assertThat(keys("terminus:*" + uid + "*")).isEmpty();
  }

  /** KEYS is fine in a test; the sink itself uses SCAN. */
  private static List<String> keys(String pattern) {
    return redis.keys(pattern);
  }
}
