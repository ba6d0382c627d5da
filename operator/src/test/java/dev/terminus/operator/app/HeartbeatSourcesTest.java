package dev.terminus.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.operator.config.ProjectionConfig;
import dev.terminus.operator.watchdog.HeartbeatSource;
import dev.terminus.operator.watchdog.RedisHeartbeatSource;
import dev.terminus.protocol.RedisKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule reads heartbeats only where nodes can send them: a node that was given no Redis cannot
 * beat, and must not be failed HeartbeatTimeout for it (its deadline still bounds it).
 */
class HeartbeatSourcesTest {
  private static final List<String> KEYS = List.of(RedisKeys.heartbeat("uid-1", "a", 1));

  @Test
  void withoutRedisHeartbeatsAreNeverKnownSoNeverStale() {
    HeartbeatSource source = HeartbeatSources.forNodesOf(ProjectionConfig.NONE);

    assertThat(source.lastBeats(KEYS)).isEmpty();
  }

  @Test
  void aRedisWithAPasswordIsNotGivenToNodesSoItIsNotReadForHeartbeats() {
    HeartbeatSource source =
        HeartbeatSources.forNodesOf(
            ProjectionConfig.NONE.withRedisUrl("redis://:hunter2@cache:6379"));

    assertThat(source).isSameAs(HeartbeatSource.UNAVAILABLE);
    assertThat(source.lastBeats(KEYS)).isEmpty();
  }

  @Test
  void theRedisNodesAreGivenIsTheOneRead() throws Exception {
    HeartbeatSource source =
        HeartbeatSources.forNodesOf(ProjectionConfig.NONE.withRedisUrl("redis://cache:6379"));

    assertThat(source).isInstanceOf(RedisHeartbeatSource.class);
    ((AutoCloseable) source).close();
  }
}
