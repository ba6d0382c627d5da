package dev.terminus.protocol;

import java.time.Duration;

/**
 * The Redis keys a worker writes and the operator reads (and deletes with the execution). Both are
 * {@code terminus:<kind>:<execution uid>:<node>:<attempt>}: by uid ({@link
 * WorkerEnv#EXECUTION_UID}), not name, so that a same-named execution of another namespace neither
 * reads, keeps alive nor deletes them.
 */
public final class RedisKeys {
  /** What every Terminus key, channel and stream name starts with. */
  public static final String NAMESPACE = "terminus:";

  /** Full outputs too large for the termination message, or longer than the status keeps. */
  public static final String OUTPUT_PREFIX = NAMESPACE + "output:";

  /** Heartbeats: the epoch millis of the last beat. */
  public static final String HEARTBEAT_PREFIX = NAMESPACE + "heartbeat:";

  /**
   * How long a stored output is kept: long enough for any downstream node and a person to read it,
   * short enough that forgotten executions do not fill Redis.
   */
  public static final Duration OUTPUT_TTL = Duration.ofDays(7);

  /**
   * A heartbeat key expires after this many intervals: at least the timeout for any interval the
   * operator derives from it ({@link #heartbeatIntervalSeconds}), so the key never vanishes before
   * the timeout has passed.
   */
  public static final int HEARTBEAT_EXPIRY_IN_INTERVALS = 6;

  private RedisKeys() {}

  /** The suffix of an attempt's keys: {@code <execution uid>:<node>:<attempt>}. */
  public static String attempt(String executionUid, String node, int attempt) {
    return executionUid + ":" + node + ":" + attempt;
  }

  /** {@code terminus:output:<execution uid>:<node>:<attempt>}. */
  public static String output(String executionUid, String node, int attempt) {
    return OUTPUT_PREFIX + attempt(executionUid, node, attempt);
  }

  /** {@code terminus:heartbeat:<execution uid>:<node>:<attempt>}. */
  public static String heartbeat(String executionUid, String node, int attempt) {
    return HEARTBEAT_PREFIX + attempt(executionUid, node, attempt);
  }

  /**
   * The interval the operator asks for: three beats per timeout, so one lost beat is no failure.
   */
  public static long heartbeatIntervalSeconds(long heartbeatTimeoutSeconds) {
    return Math.max(1, heartbeatTimeoutSeconds / 3);
  }
}
