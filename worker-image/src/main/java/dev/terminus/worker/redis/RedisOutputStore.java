package dev.terminus.worker.redis;

import dev.terminus.protocol.RedisKeys;
import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.result.OutputStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps a full output that does not fit in the termination message under {@link RedisKeys#output}
 * for {@link RedisKeys#OUTPUT_TTL} (the operator also deletes an execution's keys with it).
 */
public final class RedisOutputStore implements OutputStore {
  /** Writing a few megabytes to a reachable Redis takes far less. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RedisUrl redis;
  private final String key;
  private final WorkerLog log;

  public RedisOutputStore(RedisUrl redis, String attemptKey, WorkerLog log) {
    this.redis = redis;
    this.key = RedisKeys.OUTPUT_PREFIX + attemptKey;
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
      client.setWithExpiry(key, output, RedisKeys.OUTPUT_TTL);
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
