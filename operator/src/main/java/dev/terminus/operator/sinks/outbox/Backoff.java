package dev.terminus.operator.sinks.outbox;

import java.time.Duration;

/** Exponential backoff between retries of a store that is down: first, first×2, … up to max. */
public record Backoff(Duration first, Duration max) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  public Duration delay(int failures) {
    long millis = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
