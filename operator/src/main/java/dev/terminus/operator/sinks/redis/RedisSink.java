package dev.terminus.operator.sinks.redis;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.Transition;
import dev.terminus.operator.sinks.Deletions;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.sinks.Projector;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.sinks.outbox.Outbox;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events in Redis: each transition on the execution's pub/sub channel and on the capped global
 * stream, and the execution's latest state in a hash. Written through an {@link Outbox}: events of
 * an outage are published when Redis is back, in order, at least once.
 */
public final class RedisSink implements ProjectionSink {
  public static final String NAME = "redis";
  private static final Logger log = LoggerFactory.getLogger(RedisSink.class);

  private final RedisStore store;
  private final Outbox<RedisWrite> outbox;
  private final SinkTuning tuning;
  private final Clock clock;
  private final Deletions deletions = new Deletions();

  private RedisSink(RedisStore store, SinkTuning tuning, MeterRegistry registry, Clock clock) {
    this.store = store;
    this.tuning = tuning;
    this.clock = clock;
    this.outbox =
        new Outbox<>(
            NAME,
            tuning.outboxCapacity(),
            store,
            new RedisOverflow(),
            tuning.backoff(),
            registry,
            RedisSink::settled);
  }

  /**
   * @param url {@code redis://[:password@]host:port[/db]}
   */
  public static RedisSink create(
      String url, SinkTuning tuning, MeterRegistry registry, Clock clock) {
    RedisStore store =
        new RedisStore(RedisURI.create(url), tuning.connectTimeout(), tuning.streamMaxLength());
    return new RedisSink(store, tuning, registry, clock);
  }

  private static void settled(RedisWrite w) {
    if (w instanceof RedisWrite.DeleteKeys d) {
      d.settled().complete(null);
    }
  }

  @Override
  public void statusWritten(WorkflowExecution execution, List<Transition> transitions) {
    try {
      outbox.offer(
          new RedisWrite.Publish(Projector.projectLive(execution, transitions, clock.instant())));
    } catch (RuntimeException e) {
      log.warn("could not queue live events: {}", e.toString());
    }
  }

  /** Removes the execution's keys after its pending events; false while Redis is down. */
  @Override
  public boolean deleted(WorkflowExecution execution) {
    String uid = execution.getMetadata().getUid();
    return deletions.done(
        uid,
        () -> {
          var delete = new RedisWrite.DeleteKeys(uid, new CompletableFuture<>());
          outbox.offer(delete);
          return delete.settled();
        },
        outbox.healthy() ? tuning.deletionWait() : Duration.ZERO);
  }

  /** Redis holds live data only; the history that retention waits for is PostgreSQL's. */
  @Override
  public boolean hasFinalState(WorkflowExecution execution) {
    return true;
  }

  /** Writes not yet in Redis. */
  public int backlog() {
    return outbox.backlog();
  }

  @Override
  public void close() {
    outbox.close();
    store.close();
  }
}
