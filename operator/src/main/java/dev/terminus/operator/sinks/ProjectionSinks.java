package dev.terminus.operator.sinks;

import dev.terminus.operator.config.ProjectionConfig;
import dev.terminus.operator.sinks.postgres.PostgresSink;
import dev.terminus.operator.sinks.redis.RedisSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the configured projections: PostgreSQL, Redis, both, or none. */
public final class ProjectionSinks {
  private static final Logger log = LoggerFactory.getLogger(ProjectionSinks.class);

  private ProjectionSinks() {}

  public static ProjectionSink create(
      ProjectionConfig config, SinkTuning tuning, MeterRegistry registry, Clock clock) {
    List<ProjectionSink> sinks = new ArrayList<>();
    if (config.postgresEnabled()) {
      sinks.add(
          PostgresSink.create(
              config.postgresUrl(),
              config.postgresUser(),
              config.postgresPassword(),
              tuning,
              registry,
              clock));
    }
    if (config.redisEnabled()) {
      sinks.add(RedisSink.create(config.redisUrl(), tuning, registry, clock));
    }
    log.info("projections: {}", config);
    if (sinks.isEmpty()) {
      return ProjectionSink.NONE;
    }
    return sinks.size() == 1 ? sinks.get(0) : new CompositeSink(sinks);
  }
}
