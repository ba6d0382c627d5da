package dev.terminus.worker.redis;

import dev.terminus.protocol.RedisKeys;
import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.component.OutputReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads an upstream output that {@link RedisOutputStore} kept, by its {@code
 * redis://host:port/terminus:output:...} ref. The ref carries no credentials (it passes through the
 * status), so when it names the server of this worker's own TERMINUS_REDIS_URL, that URL's password
 * and database are used; the operator gives every node the same one.
 */
public final class RedisOutputReader implements OutputReader {
  /** Reading a few megabytes from a reachable Redis takes far less. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Optional<RedisUrl> own;
  private final WorkerLog log;

  public RedisOutputReader(Optional<RedisUrl> own, WorkerLog log) {
    this.own = own;
    this.log = log;
  }

  @Override
  public String read(String node, String ref) throws WorkerFailure {
    int slash = ref.indexOf('/', ref.indexOf("://") + 3);
    String key = slash < 0 ? "" : ref.substring(slash + 1);
    if (!ref.contains("://") || !key.startsWith(RedisKeys.OUTPUT_PREFIX)) {
      throw unavailable(
          "the output of upstream node "
              + node
              + " has a ref that is not redis://host:port/"
              + RedisKeys.OUTPUT_PREFIX
              + "...");
    }
    RedisUrl server = server(node, ref.substring(0, slash));
    try (RespClient client = RespClient.connect(server, TIMEOUT)) {
      Optional<String> output = client.get(key);
      if (output.isEmpty()) {
        throw unavailable(
            "the output of upstream node "
                + node
                + " is no longer at "
                + ref
                + " (kept "
                + RedisKeys.OUTPUT_TTL.toDays()
                + " days, and deleted with its execution)");
      }
      log.info("read the output of " + node + " (" + output.get().length() + " chars) from " + ref);
      return output.get();
    } catch (IOException e) {
      throw unavailable(
          "cannot read the output of upstream node "
              + node
              + " from "
              + server
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** The ref's server, with this worker's credentials when it is the same server. */
  private RedisUrl server(String node, String address) throws WorkerFailure {
    RedisUrl named;
    try {
      named = RedisUrl.parse(address);
    } catch (IllegalArgumentException e) {
      throw unavailable(
          "the output ref of upstream node " + node + " is malformed: " + e.getMessage());
    }
    return own.filter(url -> url.address().equals(named.address())).orElse(named);
  }

  private static WorkerFailure unavailable(String message) {
    return new WorkerFailure(FailureTypes.INPUT_UNAVAILABLE, message);
  }
}
