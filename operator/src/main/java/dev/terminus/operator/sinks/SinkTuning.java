package dev.terminus.operator.sinks;

import dev.terminus.operator.sinks.outbox.Backoff;
import java.time.Duration;

/**
 * Bounds of the projection sinks. Fixed in production; tests shorten them.
 *
 * @param outboxCapacity writes an outbox holds before its overflow policy gives some up
 * @param backoff retry delays while a store is down
 * @param deletionWait how long a cleanup call may wait for its deletion write (the reconciler
 *     retries, bounded by TERMINUS_DELETION_TIMEOUT_SECONDS)
 * @param connectTimeout how long to wait for a connection or a command before calling it down
 * @param streamMaxLength approximate cap of the Redis stream {@code terminus:stream}
 */
public record SinkTuning(
    int outboxCapacity,
    Backoff backoff,
    Duration deletionWait,
    Duration connectTimeout,
    long streamMaxLength) {

  public static final SinkTuning DEFAULT =
      new SinkTuning(
          10_000, Backoff.DEFAULT, Duration.ofMillis(500), Duration.ofSeconds(2), 10_000);

  public SinkTuning withOutboxCapacity(int value) {
    return new SinkTuning(value, backoff, deletionWait, connectTimeout, streamMaxLength);
  }

  public SinkTuning withBackoff(Backoff value) {
    return new SinkTuning(outboxCapacity, value, deletionWait, connectTimeout, streamMaxLength);
  }

  public SinkTuning withConnectTimeout(Duration value) {
    return new SinkTuning(outboxCapacity, backoff, deletionWait, value, streamMaxLength);
  }

  public SinkTuning withStreamMaxLength(long value) {
    return new SinkTuning(outboxCapacity, backoff, deletionWait, connectTimeout, value);
  }
}
