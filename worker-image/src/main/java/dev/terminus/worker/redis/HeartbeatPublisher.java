package dev.terminus.worker.redis;

import dev.terminus.protocol.RedisKeys;
import dev.terminus.worker.WorkerLog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sets {@link RedisKeys#heartbeat} to the current epoch millis every interval, expiring after
 * {@link RedisKeys#HEARTBEAT_EXPIRY_IN_INTERVALS} intervals. The operator's HeartbeatStale rule
 * reads the last beat's time from the value; the expiry only cleans up after a worker that stopped
 * (hung, killed, cut off), and must outlast the node's heartbeatTimeoutSeconds so that the rule
 * judges the real last beat ({@link RedisKeys#heartbeatIntervalSeconds}).
 *
 * <p>Best effort by design: a Redis that is down or slow is logged (once per outage, not once per
 * beat) and retried at the next beat, and never fails the node. The thread is a daemon so it can
 * never keep the JVM alive.
 */
public final class HeartbeatPublisher implements AutoCloseable {
  private final RedisUrl redis;
  private final String key;
  private final Duration interval;
  private final Clock clock;
  private final WorkerLog log;
  private final ScheduledExecutorService scheduler;
  private RespClient client; // only touched by the scheduler's single thread
  private boolean failing;

  public HeartbeatPublisher(
      RedisUrl redis, String attemptKey, Duration interval, Clock clock, WorkerLog log) {
    this.redis = redis;
    this.key = RedisKeys.HEARTBEAT_PREFIX + attemptKey;
    this.interval = interval;
    this.clock = clock;
    this.log = log;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "terminus-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  public String key() {
    return key;
  }

  /** Beats now, then every interval, until {@link #close()}. */
  public void start() {
    scheduler.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeClient();
  }

  private void beat() {
    try {
      if (client == null) {
        client = RespClient.connect(redis, connectionTimeout());
      }
      client.setWithExpiry(
          key,
          String.valueOf(clock.millis()),
          interval.multipliedBy(RedisKeys.HEARTBEAT_EXPIRY_IN_INTERVALS));
      if (failing) {
        log.info("heartbeat to " + redis + " works again");
        failing = false;
      }
    } catch (Exception e) {
      closeClient();
      if (!failing) {
        log.warn("heartbeat to " + redis + " failed (the node goes on): " + describe(e));
        failing = true;
      }
    }
  }

  /** A beat must finish well within its interval, and never take more than a few seconds. */
  private Duration connectionTimeout() {
    Duration half = interval.dividedBy(2);
    Duration cap = Duration.ofSeconds(5);
    return half.compareTo(cap) < 0 ? half : cap;
  }

  private void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
