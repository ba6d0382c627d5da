package dev.terminus.operator.app;

import dev.terminus.operator.config.ProjectionConfig;
import dev.terminus.operator.watchdog.HeartbeatSource;
import dev.terminus.operator.watchdog.RedisHeartbeatSource;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat source matching what the nodes are given: the Redis that node containers get
 * ({@link ProjectionConfig#workerRedisUrl()}) is where the reference worker beats, so it is where
 * the HeartbeatStale rule reads. Without one, nodes cannot beat, and the rule must not fail them.
 */
public final class HeartbeatSources {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatSources.class);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

  private HeartbeatSources() {}

  /** A {@link RedisHeartbeatSource} (close it) or {@link HeartbeatSource#UNAVAILABLE}. */
  public static HeartbeatSource forNodesOf(ProjectionConfig projections) {
    return projections
        .workerRedisUrl()
        .<HeartbeatSource>map(url -> new RedisHeartbeatSource(url, READ_TIMEOUT))
        .orElseGet(
            () -> {
              log.info(
                  "no Redis URL without credentials to give nodes (TERMINUS_REDIS_URL):"
                      + " heartbeatTimeoutSeconds is not enforced; node deadlines still are");
              return HeartbeatSource.UNAVAILABLE;
            });
  }
}
