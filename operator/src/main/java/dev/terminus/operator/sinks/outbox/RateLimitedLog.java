package dev.terminus.operator.sinks.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** A warning that appears at most once per interval, so that an outage does not flood the log. */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);

  RateLimitedLog(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  void warn(String format, Object... args) {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    boolean due = next == Long.MIN_VALUE || now - next >= 0;
    if (due && nextAllowed.compareAndSet(next, now + intervalNanos)) {
      log.warn(format, args);
    }
  }
}
