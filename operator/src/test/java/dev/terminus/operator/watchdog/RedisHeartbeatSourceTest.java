package dev.terminus.operator.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.operator.sinks.EmbeddedStores;
import dev.terminus.protocol.RedisKeys;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heartbeats read from a real Redis (embedded redis-server), and an outage reads as unknown. */
class RedisHeartbeatSourceTest {

  @Test
  void readsTheWorkersHeartbeatKeysAndTreatsAnOutageAsUnknown() {
    String key = RedisKeys.heartbeat("uid-1", "node", 2);
    String other = RedisKeys.heartbeat("uid-1", "other", 1);
    Instant beat = Instant.ofEpochMilli(1_795_000_000_000L);
    try (EmbeddedStores.Redis redis = new EmbeddedStores.Redis();
        RedisHeartbeatSource source =
            new RedisHeartbeatSource(redis.url(), Duration.ofMillis(500))) {
      RedisClient writer = RedisClient.create(redis.url());
      try (var c = writer.connect()) {
        c.sync().set(key, String.valueOf(beat.toEpochMilli()));
      } finally {
        writer.shutdown();
      }

      assertThat(source.lastBeats(List.of(key, other)))
          .hasValueSatisfying(
              beats -> assertThat(beats).containsExactlyEntriesOf(java.util.Map.of(key, beat)));

      redis.stop();
      assertThat(source.lastBeats(List.of(key))).isEmpty();
    }
  }
}
