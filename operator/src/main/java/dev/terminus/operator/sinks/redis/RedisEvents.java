package dev.terminus.operator.sinks.redis;

import dev.terminus.operator.sinks.ExecutionRow;
import dev.terminus.operator.sinks.TransitionRow;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wire form of events and live state. */
final class RedisEvents {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private RedisEvents() {}

  /**
   * One transition: {@code uid, namespace, name, sequence, type, node, from, phase, reason,
   * message, time}. Fields without a value are left out. {@code sequence} is the transition's key
   * ({@code <resourceVersion>-<index>}): a subscriber that may see an event twice (delivery is at
   * least once) drops repeats by it.
   */
  static Map<String, String> fields(TransitionRow t) {
    Map<String, String> f = new LinkedHashMap<>();
    put(f, "uid", t.uid());
    put(f, "namespace", t.namespace());
    put(f, "name", t.name());
    put(f, "sequence", t.sequence());
    put(f, "type", t.type());
    put(f, "node", t.node());
    put(f, "from", t.from());
    put(f, "phase", t.to());
    put(f, "reason", t.reason());
    put(f, "message", t.message());
    put(f, "time", t.at().toString());
    return f;
  }

  static String json(TransitionRow t) {
    return JSON.asJson(fields(t));
  }

  /** The live state hash; every field always present (empty when unset), so none goes stale. */
  static Map<String, String> state(ExecutionRow e) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("namespace", orEmpty(e.namespace()));
    f.put("name", orEmpty(e.name()));
    f.put("phase", orEmpty(e.phase()));
    f.put("reason", orEmpty(e.reason()));
    f.put("message", orEmpty(e.message()));
    f.put("progress", orEmpty(e.progress()));
    f.put("resourceVersion", orEmpty(e.resourceVersion()));
    return f;
  }

  private static void put(Map<String, String> f, String key, String value) {
    if (value != null) {
      f.put(key, value);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
