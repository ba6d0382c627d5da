package dev.terminus.operator.sinks.redis;

import dev.terminus.operator.sinks.ProjectedWrite;
import dev.terminus.operator.sinks.TransitionRow;
import dev.terminus.operator.sinks.outbox.OutboxStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Redis projection's Lettuce side, used by the outbox's one thread. Commands of a batch are
 * pipelined on one connection, so Redis runs them in the order of the batch; a batch that fails
 * part-way is sent again whole (at least once, in order).
 *
 * <p>The outbox alone retries: Lettuce's own reconnection is off and a connection that failed is
 * closed, so that no command is buffered and replayed by the client behind the outbox's back. The
 * connection is made on first use, so the operator starts without Redis.
 */
final class RedisStore implements OutboxStore<RedisWrite>, AutoCloseable {
  /** Uids whose keys were removed, so that a late write cannot bring a state key back. */
  private static final int REMEMBERED_DELETIONS = 10_000;

  /** Server replies that mean "not now" rather than "never". */
  private static final Set<String> BUSY_REPLIES =
      Set.of(
          "OOM", "LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY", "NOAUTH", "CLUSTERDOWN");

  private final RedisClient client;
  private final RedisURI uri;
  private final Duration timeout;
  private final XAddArgs capped;
  private final Map<String, Boolean> deleted =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_DELETIONS;
        }
      };
  private StatefulRedisConnection<String, String> connection;

  RedisStore(RedisURI uri, Duration timeout, long streamMaxLength) {
    this.uri = uri;
    this.timeout = timeout;
    this.capped = XAddArgs.Builder.maxlen(streamMaxLength).approximateTrimming();
    uri.setTimeout(timeout);
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
  }

  @Override
  public void apply(List<RedisWrite> writes) throws Exception {
    try {
      send(writes);
    } catch (Exception e) {
      if (isTransient(e)) {
        disconnect();
      }
      throw e;
    }
  }

  private void send(List<RedisWrite> writes) throws Exception {
    StatefulRedisConnection<String, String> c = connection();
    List<RedisFuture<?>> sent = new ArrayList<>();
    for (RedisWrite w : writes) {
      if (w instanceof RedisWrite.Publish p) {
        publish(c.async(), p.write(), sent);
      } else if (w instanceof RedisWrite.DeleteKeys d) {
        awaitAll(sent);
        sent.clear();
        deleteKeys(c.sync(), d);
      }
    }
    awaitAll(sent);
  }

  @Override
  public boolean isTransient(Exception failure) {
    if (failure instanceof RedisCommandExecutionException refused) {
      String reply = String.valueOf(refused.getMessage());
      return BUSY_REPLIES.stream().anyMatch(reply::startsWith);
    }
    return true;
  }

  private void publish(
      RedisAsyncCommands<String, String> redis, ProjectedWrite write, List<RedisFuture<?>> sent) {
    for (TransitionRow t : write.transitions()) {
      sent.add(redis.publish(RedisKeys.channel(t.uid()), RedisEvents.json(t)));
      sent.add(redis.xadd(RedisKeys.STREAM, capped, RedisEvents.fields(t)));
    }
    if (!deleted.containsKey(write.uid())) {
      sent.add(redis.hset(RedisKeys.state(write.uid()), RedisEvents.state(write.execution())));
    }
  }

  /** SCAN, never KEYS: KEYS blocks the server for as long as it walks the whole keyspace. */
  private void deleteKeys(RedisCommands<String, String> redis, RedisWrite.DeleteKeys d) {
    deleted.put(d.uid(), Boolean.TRUE);
    for (String pattern : RedisKeys.patternsOf(d.uid())) {
      ScanArgs match = ScanArgs.Builder.matches(pattern).limit(500);
      KeyScanCursor<String> page = redis.scan(match);
      while (true) {
        if (!page.getKeys().isEmpty()) {
          redis.unlink(page.getKeys().toArray(String[]::new));
        }
        if (page.isFinished()) {
          break;
        }
        page = redis.scan(ScanCursor.of(page.getCursor()), match);
      }
    }
  }

  private void awaitAll(List<RedisFuture<?>> sent) throws Exception {
    for (RedisFuture<?> f : sent) {
      try {
        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    if (connection == null) {
      connection = client.connect(uri);
    }
    return connection;
  }

  private void disconnect() {
    if (connection != null) {
      connection.closeAsync();
      connection = null;
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
