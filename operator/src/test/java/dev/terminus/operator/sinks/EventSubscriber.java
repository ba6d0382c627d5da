package dev.terminus.operator.sinks;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lettuce subscriber to every execution's channel, as a live UI would be. */
public final class EventSubscriber implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final RedisClient client;
  private final StatefulRedisPubSubConnection<String, String> connection;
  private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();

  public EventSubscriber(String redisUrl) {
    client = RedisClient.create(redisUrl);
    connection = client.connectPubSub();
    connection.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          @SuppressWarnings("unchecked")
          public void message(String pattern, String channel, String message) {
            Map<String, Object> event = JSON.unmarshal(message, Map.class);
            event.put("channel", channel);
            received.add(event);
          }
        });
    connection.sync().psubscribe("terminus:events:*");
  }

  /** Every event of one execution, in arrival order, repeats included. */
  public List<Map<String, Object>> of(String uid) {
    return received.stream().filter(e -> uid.equals(e.get("uid"))).toList();
  }

  /** The distinct sequences of one execution, in the order they first arrived. */
  public List<String> sequences(String uid) {
    Set<String> seen = new LinkedHashSet<>();
    of(uid).forEach(e -> seen.add((String) e.get("sequence")));
    return new ArrayList<>(seen);
  }

  public int total() {
    return received.size();
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
