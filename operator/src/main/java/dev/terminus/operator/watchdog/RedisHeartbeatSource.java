package dev.terminus.operator.watchdog;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats from Redis: one MGET per reconcile for the nodes that declare heartbeats, bounded by a
 * short timeout. Redis down means "unknown", never "stale" (diagnostic H5: an outage of a store
 * must not fail executions).
 */
public final class RedisHeartbeatSource implements HeartbeatSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisHeartbeatSource.class);

  private final RedisClient client;
  private final RedisURI uri;
  private StatefulRedisConnection<String, String> connection;

  public RedisHeartbeatSource(String url, Duration timeout) {
    this.uri = RedisURI.create(url);
    this.uri.setTimeout(timeout);
    this.client = RedisClient.create();
    this.client.setOptions(ClientOptions.builder().autoReconnect(false).build());
  }

  @Override
  public synchronized Optional<Map<String, Instant>> lastBeats(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Optional.of(Map.of());
    }
    try {
      List<KeyValue<String, String>> values = connection().sync().mget(keys.toArray(String[]::new));
      Map<String, Instant> beats = new HashMap<>();
      for (KeyValue<String, String> kv : values) {
        if (kv.hasValue()) {
          parse(kv.getValue()).ifPresent(at -> beats.put(kv.getKey(), at));
        }
      }
      return Optional.of(beats);
    } catch (RuntimeException e) {
      log.warn("heartbeats unreadable, HeartbeatStale waits: {}", e.getClass().getSimpleName());
      disconnect();
      return Optional.empty();
    }
  }

  private static Optional<Instant> parse(String millis) {
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(millis.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    if (connection == null || !connection.isOpen()) {
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
  public synchronized void close() {
    disconnect();
    client.shutdown();
  }
}
