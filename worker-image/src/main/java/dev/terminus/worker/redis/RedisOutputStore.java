package dev.terminus.worker.redis;

import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.result.OutputStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps a full output that does not fit in the termination message under {@code
 * terminus:output:<execution uid>:<node>:<attempt>}, for a week: long enough for any downstream
 * node and a person to read it, short enough that forgotten executions do not fill Redis (the
 * operator also deletes an execution's keys with it). The uid, not the name, so that a same-named
 * execution in another namespace neither reads nor deletes it.
 */
public final class RedisOutputStore implements OutputStore {
  public static final String KEY_PREFIX = "terminus:output:";
  public static final Duration TTL = Duration.ofDays(7);

  /** Writing a few megabytes to a reachable Redis takes far less. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RedisUrl redis;
  private final String key;
  private final WorkerLog log;

  public RedisOutputStore(RedisUrl redis, String attemptKey, WorkerLog log) {
    this.redis = redis;
    this.key = KEY_PREFIX + attemptKey;
    this.log = log;
  }

  /**
   * Returns {@code redis://host:port/<key>}: the server (never its password) and the key, which is
   * everything after the first '/' following host:port. Empty when Redis cannot take it: the caller
   * then only truncates, and the node still succeeds.
   */
  @Override
  public Optional<String> store(String output) {
    try (RespClient client = RespClient.connect(redis, TIMEOUT)) {
      client.setWithExpiry(key, output, TTL);
      return Optional.of(redis.address() + "/" + key);
    } catch (Exception e) {
      log.warn(
          "could not store the full output in "
              + redis
              + ", keeping a truncated preview only: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return Optional.empty();
    }
  }
}
